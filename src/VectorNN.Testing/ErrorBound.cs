namespace VectorNN.Testing;

/// <summary>
/// Rounding-error bounds used as test tolerances, so a tolerance is derived rather than guessed.
/// </summary>
/// <remarks>
/// A sum of k products computed in precision u (unit roundoff: 2^-24 for float, 2^-53 for double) in any order, with
/// or without fused multiply-add, has an error of at most gamma_k * sum |x_i * y_i| with gamma_k = k u / (1 - k u)
/// (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., section 3.1). Kernels differ from the oracle in
/// summation order, so that bound, applied to both the kernel and the double oracle, is what a correct kernel can
/// differ by. One extra k accounts for an added bias or an accumulated destination value. A matrix product is one such
/// sum per element: element (i, j) of op(A) op(B) with inner dimension k has the bound <see cref="Sum{T}"/>(k, m_ij)
/// with m_ij = sum_p |op(A)_ip op(B)_pj|, the same product taken of the magnitudes.
/// </remarks>
public static class ErrorBound
{
    /// <summary>Unit roundoff of float.</summary>
    public const double SingleUnit = 1.0 / (1 << 24);

    /// <summary>Unit roundoff of double.</summary>
    public const double DoubleUnit = 1.0 / (1L << 53);

    /// <summary>Unit roundoff of <typeparamref name="T"/> (float or double).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static double Unit<T>() =>
        typeof(T) == typeof(float) ? SingleUnit
        : typeof(T) == typeof(double) ? DoubleUnit
        : throw new NotSupportedException($"No unit roundoff is defined here for {typeof(T).Name}: use float or double.");

    /// <summary>
    /// The largest difference allowed between a kernel's sum of <paramref name="terms"/> products and the double oracle,
    /// given the sum of the products' magnitudes.
    /// </summary>
    /// <typeparam name="T">The kernel's precision, float or double.</typeparam>
    /// <param name="terms">The number of products k in the sum, zero or more.</param>
    /// <param name="sumOfMagnitudes">sum |x_i y_i| (plus the magnitude of an added bias or destination value).</param>
    public static double Sum<T>(int terms, double sumOfMagnitudes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(terms);
        double kernel = Gamma(terms + 1, Unit<T>());
        double oracle = Gamma(terms + 1, DoubleUnit);

        // The tiny absolute floor covers results that are exactly representable but reached through a subnormal step.
        return (kernel + oracle) * sumOfMagnitudes + 1e-300;
    }

    /// <summary>
    /// The bound <see cref="Sum{T}"/> for the dot product of <paramref name="x"/> and <paramref name="y"/> computed in
    /// <typeparamref name="T"/> and compared with the same dot product in double.
    /// </summary>
    /// <typeparam name="T">The kernel's precision, float or double.</typeparam>
    /// <param name="x">The first vector (exact in <typeparamref name="T"/>, as <see cref="Values.Finite"/> values are).</param>
    /// <param name="y">The second vector, of the same length.</param>
    public static double Dot<T>(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"The vectors' lengths differ: {x.Length} and {y.Length}.", nameof(y));
        }

        double magnitudes = 0;
        for (int i = 0; i < x.Length; i++)
        {
            magnitudes += Math.Abs(x[i] * y[i]);
        }

        return Sum<T>(x.Length, magnitudes);
    }

    /// <summary>
    /// gamma_k = k u / (1 - k u): the relative error bound of k successive roundings in a precision of unit roundoff u,
    /// valid while k u &lt; 1 (infinite beyond).
    /// </summary>
    /// <param name="k">The number of roundings, zero or more.</param>
    /// <param name="unit">The unit roundoff u: <see cref="SingleUnit"/>, <see cref="DoubleUnit"/> or <see cref="Unit{T}"/>.</param>
    public static double Gamma(int k, double unit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        double ku = k * unit;
        return ku < 1 ? ku / (1 - ku) : double.PositiveInfinity;
    }
}
