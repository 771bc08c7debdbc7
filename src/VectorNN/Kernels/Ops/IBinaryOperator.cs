using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Ops;

/// <summary>An element-wise function f(x, y), written once for every width (see <see cref="IUnaryOperator{T}"/>).</summary>
internal interface IBinaryOperator<T>
{
    TVec Invoke<TVec, TOps>(TVec x, TVec y)
        where TVec : struct
        where TOps : IVectorOps<T, TVec>;
}
