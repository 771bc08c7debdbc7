using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Ops;

/// <summary>
/// A function computed in double precision, written once over <see cref="IVectorOps{T, TVec}"/> so every width
/// runs the same algorithm. <see cref="ViaDoubleOperator{T, TFunction}"/> turns it into an element-wise operator.
/// </summary>
internal interface IDoubleFunction
{
    /// <summary>
    /// Evaluates the function. <paramref name="single"/> says the result will be rounded to float, so cheaper
    /// polynomials that are still far more accurate than float suffice; callers pass a JIT-time constant.
    /// </summary>
    TVector Invoke<TVector, TOps>(TVector x, bool single)
        where TVector : struct
        where TOps : IVectorOps<double, TVector>;
}
