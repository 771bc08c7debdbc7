using System.Numerics;
using System.Runtime.Intrinsics;

namespace VectorNN.Kernels.Ops;

/// <summary>alpha * x + y, fused where the hardware has FMA (BLAS axpy).</summary>
internal readonly struct ScaledAddOperator<T>(T alpha) : IBinaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public T Invoke(T x, T y) => FusedMultiplyAdd.Invoke(alpha, x, y);

    public Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => FusedMultiplyAdd.Invoke(Vector128.Create(alpha), x, y);

    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => FusedMultiplyAdd.Invoke(Vector256.Create(alpha), x, y);

    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => FusedMultiplyAdd.Invoke(Vector512.Create(alpha), x, y);
}
