namespace VectorNN.Optim;

/// <summary>Constructor checks shared by the optimizers; messages state what was expected and what was given.</summary>
internal static class Hyperparameters
{
    /// <summary>Requires a finite value &gt;= 0 (learning rate, weight decay); NaN is rejected too.</summary>
    public static double FiniteNonNegative(double value, string paramName) =>
        double.IsFinite(value) && value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(paramName, value, $"Expected a finite value >= 0, got {value}.");

    /// <summary>Requires a decay factor (momentum, beta) in [0, 1): at 1 the state would never forget.</summary>
    public static double DecayFactor(double value, string paramName) =>
        value is >= 0 and < 1
            ? value
            : throw new ArgumentOutOfRangeException(paramName, value, $"Expected a value in [0, 1), got {value}.");

    /// <summary>Requires a finite value &gt; 0 (Adam's epsilon, which keeps a division away from zero).</summary>
    public static double FinitePositive(double value, string paramName) =>
        double.IsFinite(value) && value > 0
            ? value
            : throw new ArgumentOutOfRangeException(paramName, value, $"Expected a finite value > 0, got {value}.");
}
