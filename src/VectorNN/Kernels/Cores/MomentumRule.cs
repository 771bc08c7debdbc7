using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Cores;

/// <summary>
/// Gradient descent with momentum as PyTorch's SGD with dampening 0: g' = scale g + lambda w; v = mu v + g';
/// w -= lr (nesterov ? g' + mu v : v). The velocity is <c>s1</c>.
/// </summary>
internal readonly struct MomentumRule<T>(T learningRate, T momentum, T gradientScale, T weightDecay, bool nesterov) : IUpdateRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int StateCount => 1;

    // The nesterov test is the same for every element, so the branch is always predicted; folding it into
    // coefficients (a g' + b v) would instead turn 0 * inf into NaN and add a rounding to the classic rule.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Apply<TVec, TOps>(TVec w, TVec g, ref TVec s1, ref TVec s2)
        where TVec : struct
        where TOps : IVectorOps<T, TVec>
    {
        TVec mu = TOps.Broadcast(momentum);
        TVec effective = TOps.MultiplyAdd(TOps.Broadcast(weightDecay), w, TOps.Multiply(TOps.Broadcast(gradientScale), g));
        s1 = TOps.MultiplyAdd(mu, s1, effective);
        TVec step = nesterov ? TOps.MultiplyAdd(mu, s1, effective) : s1;
        return TOps.MultiplyAdd(TOps.Broadcast(-learningRate), step, w);
    }
}
