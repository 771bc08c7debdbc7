using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VectorNN.Kernels.Ops;

/// <summary>x for x &gt;= 0 (and NaN), slope * x for x &lt; 0.</summary>
internal readonly struct LeakyReluOperator<T>(T slope) : IUnaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Invoke(T x) => x < T.Zero ? slope * x : x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<T> Invoke(Vector128<T> x) => Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<T>.Zero), x * Vector128.Create(slope), x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> x) => Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<T>.Zero), x * Vector256.Create(slope), x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> x) => Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<T>.Zero), x * Vector512.Create(slope), x);
}
