using System.Globalization;

namespace VectorNN.Optim;

/// <summary>Constructor checks of the learning-rate schedules; messages name the parameter and its allowed range.</summary>
internal static class ScheduleParameters
{
    /// <summary>A multiplier in (0, 1] (a decay's gamma).</summary>
    public static double Gamma(double value, string paramName) =>
        value is > 0 and <= 1
            ? value
            : throw new ArgumentOutOfRangeException(paramName, value, Invariant($"Expected {paramName} in (0, 1], got {value}."));

    /// <summary>A reduction factor in (0, 1): 1 would never reduce.</summary>
    public static double Factor(double value, string paramName) =>
        value is > 0 and < 1
            ? value
            : throw new ArgumentOutOfRangeException(paramName, value, Invariant($"Expected {paramName} in (0, 1), got {value}."));

    /// <summary>A count of epochs of at least <paramref name="min"/>.</summary>
    public static int Epochs(int value, int min, string paramName) =>
        value >= min
            ? value
            : throw new ArgumentOutOfRangeException(paramName, value, Invariant($"Expected {paramName} >= {min}, got {value}."));

    /// <summary>A finite value &gt;= 0 (a minimum rate, a minimum improvement).</summary>
    public static double FiniteNonNegative(double value, string paramName) =>
        double.IsFinite(value) && value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(paramName, value, Invariant($"Expected {paramName} finite and >= 0, got {value}."));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
