using System.Numerics;

namespace VectorNN.Testing;

/// <summary>
/// Element-by-element comparison of computed values with an oracle's, against tolerances derived from rounding-error
/// bounds (<see cref="ErrorBound"/>, <see cref="FiniteDifference.RoundingError"/>). A failure throws
/// <see cref="CheckFailedException"/> naming the element, both values and the bound.
/// </summary>
public static class Compare
{
    /// <summary>The relative agreement asked of back-propagated gradients with central differences: one in a million.</summary>
    public const double GradientTolerance = 1e-6;

    /// <summary>
    /// Each actual element is NaN exactly where the expected one is, an infinity of the same sign where the expected
    /// one is infinite, and otherwise within <paramref name="bound"/>(i) of it.
    /// </summary>
    /// <typeparam name="T">The computed values' type, widened to double for the comparison.</typeparam>
    /// <param name="actual">The computed values; at least as many as expected (the rest is not compared).</param>
    /// <param name="expected">The oracle's values.</param>
    /// <param name="bound">The largest difference allowed at element i, for example from <see cref="ErrorBound.Sum{T}"/>.</param>
    /// <param name="what">The name a failure message gives the values.</param>
    /// <exception cref="CheckFailedException">An element differs by more than its bound, or there are too few.</exception>
    public static void Within<T>(ReadOnlySpan<T> actual, ReadOnlySpan<double> expected, Func<int, double> bound, string what)
        where T : INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(bound);
        if (actual.Length < expected.Length)
        {
            throw new CheckFailedException($"{what}: {actual.Length} results for {expected.Length} expected");
        }

        for (int i = 0; i < expected.Length; i++)
        {
            double a = double.CreateTruncating(actual[i]);
            double e = expected[i];
            // Messages are formed only on failure: the length sweeps compare about a million elements.
            if (double.IsNaN(e) || double.IsInfinity(e))
            {
                if (!a.Equals(e))
                {
                    throw new CheckFailedException($"{what}[{i}]: expected {e}, got {a}");
                }

                continue;
            }

            double b = bound(i);
            if (!(Math.Abs(a - e) <= b))
            {
                throw new CheckFailedException($"{what}[{i}]: expected {e:R}, got {a:R}, |diff| {Math.Abs(a - e):E3} > bound {b:E3}");
            }
        }
    }

    /// <summary>
    /// Each gradient component agrees with its central difference (<see cref="FiniteDifference.Gradient"/>) to
    /// <paramref name="relativeTolerance"/> in <see cref="FiniteDifference.RelativeError"/>, or, for components so small
    /// that the difference's own rounding dominates, to within <paramref name="roundingError"/> in absolute terms.
    /// </summary>
    /// <param name="gradient">The gradient under test, for example from back-propagation.</param>
    /// <param name="numeric">The central differences, one per component.</param>
    /// <param name="roundingError">
    /// The rounding error of a central difference: <see cref="FiniteDifference.RoundingError"/> or
    /// <see cref="FiniteDifference.DifferenceError"/>. Zero asks for the relative agreement alone.
    /// </param>
    /// <param name="what">The name a failure message gives the gradient, for example the case and "parameter".</param>
    /// <param name="relativeTolerance">The relative agreement asked for; <see cref="GradientTolerance"/> by default.</param>
    /// <exception cref="CheckFailedException">A component disagrees, or the lengths differ.</exception>
    public static void Gradients(
        ReadOnlySpan<double> gradient, ReadOnlySpan<double> numeric, double roundingError, string what = "gradient",
        double relativeTolerance = GradientTolerance)
    {
        if (gradient.Length != numeric.Length)
        {
            throw new CheckFailedException($"{what}: {gradient.Length} components for {numeric.Length} differences");
        }

        for (int i = 0; i < numeric.Length; i++)
        {
            double error = FiniteDifference.RelativeError(gradient[i], numeric[i]);
            if (!(error <= relativeTolerance || Math.Abs(gradient[i] - numeric[i]) <= roundingError))
            {
                throw new CheckFailedException(
                    $"{what} {i}: {gradient[i]:R}, finite difference {numeric[i]:R}, relative error {error:E2} " +
                    $"above {relativeTolerance:E2}, |diff| above {roundingError:E2}");
            }
        }
    }
}
