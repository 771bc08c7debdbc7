using System.Runtime.Intrinsics;

namespace VectorNN.Kernels.Ops;

/// <summary>An element-wise function f(x, y), given once per vector width (see <see cref="IUnaryOperator{T}"/>).</summary>
internal interface IBinaryOperator<T>
{
    T Invoke(T x, T y);

    Vector128<T> Invoke(Vector128<T> x, Vector128<T> y);

    Vector256<T> Invoke(Vector256<T> x, Vector256<T> y);

    Vector512<T> Invoke(Vector512<T> x, Vector512<T> y);
}
