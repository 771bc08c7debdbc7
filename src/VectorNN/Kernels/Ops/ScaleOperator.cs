using System.Numerics;
using System.Runtime.Intrinsics;

namespace VectorNN.Kernels.Ops;

/// <summary>alpha * x.</summary>
internal readonly struct ScaleOperator<T>(T alpha) : IUnaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public T Invoke(T x) => alpha * x;

    public Vector128<T> Invoke(Vector128<T> x) => Vector128.Create(alpha) * x;

    public Vector256<T> Invoke(Vector256<T> x) => Vector256.Create(alpha) * x;

    public Vector512<T> Invoke(Vector512<T> x) => Vector512.Create(alpha) * x;
}
