using System.Runtime.Intrinsics;

namespace VectorNN.Kernels.Ops;

/// <summary>
/// An element-wise function f(x), given once per vector width so one generic loop serves every width. Operators
/// are structs: the JIT specializes the loop for each one and keeps any fields (a slope, a scale) in registers.
/// </summary>
internal interface IUnaryOperator<T>
{
    T Invoke(T x);

    Vector128<T> Invoke(Vector128<T> x);

    Vector256<T> Invoke(Vector256<T> x);

    Vector512<T> Invoke(Vector512<T> x);
}
