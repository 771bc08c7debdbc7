using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VectorNN.Kernels.Ops;

/// <summary>dy where y &gt; 0, slope * dy where y &lt;= 0, and y (NaN) where y is NaN.</summary>
internal readonly struct LeakyReluBackwardOperator<T>(T slope) : IBinaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Invoke(T y, T dy) => y > T.Zero ? dy : T.IsNaN(y) ? y : slope * dy;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<T> Invoke(Vector128<T> y, Vector128<T> dy) =>
        Vector128.ConditionalSelect(Vector128.IsNaN(y), y, Vector128.ConditionalSelect(Vector128.GreaterThan(y, Vector128<T>.Zero), dy, dy * Vector128.Create(slope)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> y, Vector256<T> dy) =>
        Vector256.ConditionalSelect(Vector256.IsNaN(y), y, Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<T>.Zero), dy, dy * Vector256.Create(slope)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> y, Vector512<T> dy) =>
        Vector512.ConditionalSelect(Vector512.IsNaN(y), y, Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<T>.Zero), dy, dy * Vector512.Create(slope)));
}
