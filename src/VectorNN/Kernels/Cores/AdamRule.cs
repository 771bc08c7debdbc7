using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Cores;

/// <summary>
/// Adam and AdamW as PyTorch computes them. The first moment m is <c>s1</c>, the second moment v is <c>s2</c>:
/// w *= keep; g' = scale g + l2 w; m = b1 m + (1 - b1) g'; v = b2 v + (1 - b2) g'^2;
/// w -= stepSize m / (sqrt(v) / sqrt(c2) + eps).
/// </summary>
/// <remarks>
/// Adam has keep = 1 and l2 = lambda; AdamW has keep = 1 - lr lambda and l2 = 0. The L2 term uses the parameters
/// before the decoupled decay, as only one of the two is ever active. stepSize = lr / c1 with c1 and c2 the bias
/// corrections 1 - b^t.
/// </remarks>
internal readonly struct AdamRule<T>(
    T keep, T gradientScale, T l2, T beta1, T beta2, T stepSize, T sqrtBiasCorrection2, T epsilon) : IUpdateRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T oneMinusBeta1 = T.One - beta1;
    private readonly T oneMinusBeta2 = T.One - beta2;

    public static int StateCount => 2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Apply<TVec, TOps>(TVec w, TVec g, ref TVec s1, ref TVec s2)
        where TVec : struct
        where TOps : IVectorOps<T, TVec>
    {
        TVec effective = TOps.MultiplyAdd(TOps.Broadcast(l2), w, TOps.Multiply(TOps.Broadcast(gradientScale), g));
        s1 = TOps.MultiplyAdd(TOps.Broadcast(beta1), s1, TOps.Multiply(TOps.Broadcast(oneMinusBeta1), effective));
        s2 = TOps.MultiplyAdd(
            TOps.Broadcast(beta2), s2, TOps.Multiply(TOps.Broadcast(oneMinusBeta2), TOps.Multiply(effective, effective)));
        TVec denominator = TOps.Add(TOps.Divide(TOps.Sqrt(s2), TOps.Broadcast(sqrtBiasCorrection2)), TOps.Broadcast(epsilon));
        TVec decayed = TOps.Multiply(TOps.Broadcast(keep), w);
        return TOps.MultiplyAdd(TOps.Broadcast(-stepSize), TOps.Divide(s1, denominator), decayed);
    }
}
