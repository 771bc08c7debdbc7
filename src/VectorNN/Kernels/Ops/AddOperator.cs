using System.Numerics;
using System.Runtime.Intrinsics;

namespace VectorNN.Kernels.Ops;

/// <summary>x + y.</summary>
internal readonly struct AddOperator<T> : IBinaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public T Invoke(T x, T y) => x + y;

    public Vector128<T> Invoke(Vector128<T> x, Vector128<T> y) => x + y;

    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> y) => x + y;

    public Vector512<T> Invoke(Vector512<T> x, Vector512<T> y) => x + y;
}
