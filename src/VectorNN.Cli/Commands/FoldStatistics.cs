namespace VectorNN.Cli.Commands;

/// <summary>The mean and standard deviation of one metric over the folds of a cross-validation.</summary>
internal static class FoldStatistics
{
    /// <summary>The mean; null when a fold has no value (R^2 of a constant target), as the mean is then undefined.</summary>
    public static double? Mean(IEnumerable<double?> values)
    {
        double?[] all = [.. values];
        return all.Any(v => v is null) ? null : all.Average(v => v!.Value);
    }

    /// <summary>
    /// The sample standard deviation (n - 1 in the denominator: the folds are a sample of the splits the data allows);
    /// null when a fold has no value.
    /// </summary>
    public static double? StandardDeviation(IEnumerable<double?> values)
    {
        double?[] all = [.. values];
        if (all.Any(v => v is null) || all.Length < 2)
        {
            return null;
        }

        double mean = all.Average(v => v!.Value);
        return Math.Sqrt(all.Sum(v => (v!.Value - mean) * (v.Value - mean)) / (all.Length - 1));
    }
}
