using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Ops;

/// <summary>
/// Runs an <see cref="IDoubleFunction"/> as an element-wise operator. Float lanes are widened to double, evaluated
/// and rounded back once, which makes float results accurate to about one ULP at little cost; double lanes are
/// evaluated directly (<see cref="IVectorOps{T, TVec}.InDouble"/>).
/// </summary>
internal readonly struct ViaDoubleOperator<T, TFunction>(TFunction function) : IUnaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TFunction : struct, IDoubleFunction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TOps>(TVec x)
        where TVec : struct
        where TOps : IVectorOps<T, TVec> =>
        TOps.InDouble(x, function);
}
