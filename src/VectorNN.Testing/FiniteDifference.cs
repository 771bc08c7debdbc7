namespace VectorNN.Testing;

/// <summary>
/// Central finite differences in double, the yardstick for back-propagated gradients, with the bound on their own
/// rounding error and the relative error the gradient checks compare (<see cref="Compare.Gradients"/>).
/// </summary>
public static class FiniteDifference
{
    /// <summary>The default step h, for parameters and losses of order one (see <see cref="Gradient"/>).</summary>
    public const double DefaultStep = 1e-6;

    /// <summary>The floor of the denominator in <see cref="RelativeError"/>, as the gradient properties use it.</summary>
    public const double RelativeErrorFloor = 1e-8;

    /// <summary>Double's machine epsilon, 2^-52 (twice its unit roundoff).</summary>
    private const double Epsilon = 2.220446049250313e-16;

    /// <summary>
    /// The gradient of <paramref name="f"/> at <paramref name="at"/> by central differences:
    /// g_i = (f(x + h e_i) - f(x - h e_i)) / 2h. <paramref name="at"/> is not modified; <paramref name="f"/> receives
    /// a scratch copy it must not keep.
    /// </summary>
    /// <remarks>
    /// Step choice. The central difference has a truncation error of h^2/6 |f'''| (Taylor expansion: the even terms
    /// cancel) and a rounding error of about eps |f| / h, where eps = 2^-52 ~ 2.2e-16 and the two evaluations of f each
    /// carry a relative error of order eps. The sum is smallest at h = (3 eps |f| / |f'''|)^(1/3) ~ 6e-6 for f and f'''
    /// of order one, where both terms are ~4e-11. h = 1e-6 sits just below that optimum: the rounding term grows to
    /// ~1e-10 |f| but the truncation term falls to ~2e-13 |f'''|, which leaves a factor ~30 of headroom for steep
    /// functions whose third derivative is large (saturating activations, big weights), where a larger step would be
    /// dominated by truncation. Either way the error is ~1e-10 in absolute terms, four orders of magnitude below the
    /// 1e-6 relative tolerance for gradient components of order one, and still 10 times below it for components
    /// near 1e-3 |f|. Components below ~1e-4 |f| cannot be checked to 1e-6 relative this way, and not by central
    /// differences at any step (the best total error, at the optimal step, is ~eps^(2/3) ~ 4e-11 |f|): such components
    /// occur routinely (a bias gradient averaged over a batch whose samples pull in opposite directions), so a
    /// gradient check must also accept an absolute difference up to <see cref="RoundingError"/>.
    /// The divisor is the step actually taken, (x + h) - (x - h) in floating point, not 2h: x + h rounds to a
    /// neighbouring double, and dividing by the true distance removes that representation error (up to ~eps |x| / h).
    /// </remarks>
    /// <param name="f">The scalar function, for example a network's loss as a function of its parameters.</param>
    /// <param name="at">The point x.</param>
    /// <param name="step">The step h, positive.</param>
    /// <returns>One component per element of <paramref name="at"/>.</returns>
    public static double[] Gradient(Func<double[], double> f, double[] at, double step = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(at);
        if (!(step > 0) || double.IsInfinity(step))
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "The step must be positive and finite.");
        }

        double[] x = (double[])at.Clone();
        double[] gradient = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double plus = at[i] + step;
            double minus = at[i] - step;
            x[i] = plus;
            double fPlus = f(x);
            x[i] = minus;
            double fMinus = f(x);
            x[i] = at[i];
            gradient[i] = (fPlus - fMinus) / (plus - minus);
        }

        return gradient;
    }

    /// <summary>
    /// A bound on the rounding error of a <see cref="Gradient"/> component: 8 eps * <paramref name="magnitude"/> / h,
    /// where <paramref name="magnitude"/> is the largest magnitude among the intermediate values f is computed from
    /// (for a loss, the largest logit or log-sum-exp, not the loss itself, which may be small by cancellation).
    /// </summary>
    /// <remarks>
    /// Each evaluation of f is accurate to a few roundings of that magnitude (the small networks of the tests take a
    /// handful of roundings per value); the difference of two evaluations divided by 2h turns k roundings into
    /// k eps magnitude / h. k = 8 leaves a factor of about 7 over the largest error seen in 100,000 random
    /// cross-entropy bias components (1.1 eps magnitude / h).
    /// </remarks>
    /// <param name="magnitude">The largest magnitude among the values f is computed from.</param>
    /// <param name="step">The step h the differences were taken with.</param>
    public static double RoundingError(double magnitude, double step = DefaultStep) =>
        DifferenceError(8 * Epsilon * Math.Abs(magnitude), step);

    /// <summary>
    /// The rounding error of a <see cref="Gradient"/> component when each evaluation of f is known to be within
    /// <paramref name="evaluationError"/> of the exact value: (f(x + h) - f(x - h)) / 2h then errs by at most
    /// 2 <paramref name="evaluationError"/> / 2h. Use it with a derived evaluation bound, for example
    /// <see cref="ErrorBound.Gamma"/>(n, <see cref="ErrorBound.DoubleUnit"/>) times the sum of the magnitudes of the n
    /// terms a loss adds up (Higham's bound for a sum).
    /// </summary>
    /// <param name="evaluationError">A bound on the absolute rounding error of one evaluation of f in double.</param>
    /// <param name="step">The step h the differences were taken with.</param>
    public static double DifferenceError(double evaluationError, double step = DefaultStep) => Math.Abs(evaluationError) / step;

    /// <summary>|a - b| / max(|a|, |b|, 1e-8), the relative error the gradient properties compare.</summary>
    /// <param name="a">One value, for example a back-propagated gradient component.</param>
    /// <param name="b">The other, for example its central difference.</param>
    public static double RelativeError(double a, double b) =>
        Math.Abs(a - b) / Math.Max(Math.Max(Math.Abs(a), Math.Abs(b)), RelativeErrorFloor);
}
