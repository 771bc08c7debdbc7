using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Ops;

/// <summary>
/// e^(x - shift), the numerator of a max-subtracted softmax. The subtraction happens in double, so for float
/// inputs it is exact.
/// </summary>
internal readonly struct ShiftedExpFunction(double shift) : IDoubleFunction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVector Invoke<TVector, TOps>(TVector x, bool single)
        where TVector : struct
        where TOps : IVectorOps<double, TVector> =>
        ExpFunction.Exp<TVector, TOps>(TOps.Subtract(x, TOps.Broadcast(shift)), single);
}
