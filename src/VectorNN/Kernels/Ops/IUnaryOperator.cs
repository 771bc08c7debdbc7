using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Ops;

/// <summary>
/// An element-wise function f(x), written once over <see cref="IVectorOps{T, TVec}"/> so one generic loop serves
/// every width. Operators are structs: the JIT specializes the loop for each one and keeps any fields (a slope, a
/// scale) in registers.
/// </summary>
internal interface IUnaryOperator<T>
{
    TVec Invoke<TVec, TOps>(TVec x)
        where TVec : struct
        where TOps : IVectorOps<T, TVec>;
}
