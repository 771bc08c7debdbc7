namespace VectorNN.Tests.Oracles;

/// <summary>
/// Rounding-error bounds used as test tolerances, so a tolerance is derived rather than guessed.
/// </summary>
/// <remarks>
/// A sum of k products computed in precision u (unit roundoff: 2^-24 for float, 2^-53 for double) in any order, with
/// or without fused multiply-add, has an error of at most gamma_k * sum |x_i * y_i| with gamma_k = k u / (1 - k u)
/// (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., section 3.1). Kernels differ from the oracle in
/// summation order, so that bound, applied to both the kernel and the double oracle, is what a correct kernel can
/// differ by. One extra k accounts for an added bias or an accumulated destination value.
/// </remarks>
public static class ErrorBound
{
    /// <summary>Unit roundoff of float.</summary>
    public const double SingleUnit = 1.0 / (1 << 24);

    /// <summary>Unit roundoff of double.</summary>
    public const double DoubleUnit = 1.0 / (1L << 53);

    /// <summary>Unit roundoff of <typeparamref name="T"/> (float or double).</summary>
    public static double Unit<T>() => typeof(T) == typeof(float) ? SingleUnit : DoubleUnit;

    /// <summary>
    /// The largest difference allowed between a kernel's sum of <paramref name="terms"/> products and the double oracle,
    /// given the sum of the products' magnitudes.
    /// </summary>
    public static double Sum<T>(int terms, double sumOfMagnitudes)
    {
        double kernel = Gamma(terms + 1, Unit<T>());
        double oracle = Gamma(terms + 1, DoubleUnit);

        // The tiny absolute floor covers results that are exactly representable but reached through a subnormal step.
        return (kernel + oracle) * sumOfMagnitudes + 1e-300;
    }

    /// <summary>gamma_k = k u / (1 - k u).</summary>
    public static double Gamma(int k, double unit) => k * unit / (1 - k * unit);
}
