using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Ops;

/// <summary>
/// 1 / (1 + e^-x) in double, as 1 / (1 + e^-|x|) for x &gt;= 0 and e^x / (1 + e^x) for x &lt; 0. The exponential
/// is therefore at most 1 (it never overflows), and for very negative x the result is e^x itself, down to
/// subnormals, with no 1 - something cancellation.
/// </summary>
internal readonly struct LogisticFunction : IDoubleFunction
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVector Invoke<TVector, TOps>(TVector x, bool single)
        where TVector : struct
        where TOps : IVectorOps<double, TVector>
    {
        TVector one = TOps.Broadcast(1.0);
        TVector e = ExpFunction.Exp<TVector, TOps>(TOps.Subtract(TOps.Broadcast(0.0), TOps.Abs(x)), single);
        TVector numerator = TOps.Select(TOps.LessThan(x, TOps.Broadcast(0.0)), e, one);
        return TOps.Divide(numerator, TOps.Add(one, e));
    }
}
