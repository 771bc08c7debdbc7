using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VectorNN.Kernels.Ops;

/// <summary>y * (dy - dot), one row of the softmax Jacobian-vector product, where dot = sum_j dy_j y_j of the row.</summary>
internal readonly struct SoftmaxBackwardOperator<T>(T dot) : IBinaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Invoke(T y, T dy) => y * (dy - dot);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<T> Invoke(Vector128<T> y, Vector128<T> dy) =>
        y * (dy - Vector128.Create(dot));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<T> Invoke(Vector256<T> y, Vector256<T> dy) =>
        y * (dy - Vector256.Create(dot));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<T> Invoke(Vector512<T> y, Vector512<T> dy) =>
        y * (dy - Vector512.Create(dot));
}
