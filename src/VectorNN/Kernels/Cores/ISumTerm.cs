using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Cores;

/// <summary>What a sum adds per element: x * y for a dot product, x alone for a plain sum.</summary>
internal interface ISumTerm
{
    static abstract TVec Term<T, TVec, TOps>(TVec x, TVec y)
        where TVec : struct
        where TOps : IVectorOps<T, TVec>;

    static abstract TVec Accumulate<T, TVec, TOps>(TVec sum, TVec x, TVec y)
        where TVec : struct
        where TOps : IVectorOps<T, TVec>;
}
