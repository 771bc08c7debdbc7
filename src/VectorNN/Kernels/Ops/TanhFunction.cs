using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Ops;

/// <summary>
/// tanh x in double, following Cephes: for |x| &lt; 0.625 the rational approximation x + x^3 P(x^2) / Q(x^2), which
/// avoids the cancellation of the exponential form near 0; otherwise 1 - 2 / (e^{2|x|} + 1), which is well
/// conditioned there, tends to 1 and gives exactly 1 (not inf/inf) once e^{2|x|} overflows. The sign is restored
/// last, so tanh(-0) = -0.
/// </summary>
internal readonly struct TanhFunction : IDoubleFunction
{
    private const double SmallLimit = 0.625;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVector Invoke<TVector, TOps>(TVector x, bool single)
        where TVector : struct
        where TOps : IVectorOps<double, TVector>
    {
        TVector a = TOps.Abs(x);
        TVector z = TOps.Multiply(a, a);

        TVector p = TOps.MultiplyAdd(TOps.Broadcast(-9.64399179425052238628E-1), z, TOps.Broadcast(-9.92877231001918586564E1));
        p = TOps.MultiplyAdd(p, z, TOps.Broadcast(-1.61468768441708447952E3));
        TVector q = TOps.Add(z, TOps.Broadcast(1.12811678491632931402E2));
        q = TOps.MultiplyAdd(q, z, TOps.Broadcast(2.23548839060100448583E3));
        q = TOps.MultiplyAdd(q, z, TOps.Broadcast(4.84406305325125486048E3));
        TVector small = TOps.MultiplyAdd(TOps.Multiply(a, z), TOps.Divide(p, q), a);

        TVector one = TOps.Broadcast(1.0);
        TVector e = ExpFunction.Exp<TVector, TOps>(TOps.Add(a, a), single);
        TVector large = TOps.Subtract(one, TOps.Divide(TOps.Broadcast(2.0), TOps.Add(e, one)));

        TVector result = TOps.Select(TOps.LessThan(a, TOps.Broadcast(SmallLimit)), small, large);
        return TOps.CopySign(result, x);
    }
}
