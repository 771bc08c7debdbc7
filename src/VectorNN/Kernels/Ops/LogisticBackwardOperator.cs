using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VectorNN.Kernels.Ops;

/// <summary>dy * y * (1 - y), the logistic derivative expressed through the forward output y.</summary>
internal readonly struct LogisticBackwardOperator<T> : IBinaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Invoke(T y, T dy) => dy * (y * (T.One - y));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<T> Invoke(Vector128<T> y, Vector128<T> dy) =>
        dy * (y * (Vector128<T>.One - y));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> y, Vector256<T> dy) =>
        dy * (y * (Vector256<T>.One - y));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> y, Vector512<T> dy) =>
        dy * (y * (Vector512<T>.One - y));
}
