using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VectorNN.Kernels.Ops;

/// <summary>dy * (1 - y^2), written (1 - y)(1 + y) so it does not cancel as |y| approaches 1.</summary>
internal readonly struct TanhBackwardOperator<T> : IBinaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Invoke(T y, T dy) => dy * ((T.One - y) * (T.One + y));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<T> Invoke(Vector128<T> y, Vector128<T> dy) =>
        dy * ((Vector128<T>.One - y) * (Vector128<T>.One + y));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> y, Vector256<T> dy) =>
        dy * ((Vector256<T>.One - y) * (Vector256<T>.One + y));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> y, Vector512<T> dy) =>
        dy * ((Vector512<T>.One - y) * (Vector512<T>.One + y));
}
