using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VectorNN.Kernels.Ops;

/// <summary>max(x, 0) that keeps NaN: lanes with x &lt;= 0 are cleared to +0, all others (including NaN) pass.</summary>
internal readonly struct ReluOperator<T> : IUnaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Invoke(T x) => x <= T.Zero ? T.Zero : x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<T> Invoke(Vector128<T> x) => Vector128.AndNot(x, Vector128.LessThanOrEqual(x, Vector128<T>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> x) => Vector256.AndNot(x, Vector256.LessThanOrEqual(x, Vector256<T>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> x) => Vector512.AndNot(x, Vector512.LessThanOrEqual(x, Vector512<T>.Zero));
}
