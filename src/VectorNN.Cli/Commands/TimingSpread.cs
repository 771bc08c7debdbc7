namespace VectorNN.Cli.Commands;

/// <summary>
/// The spread of one call's time over repeated timings (seconds per call): the median, the quartiles (linear
/// interpolation between order statistics) and the extremes, with the bytes the process allocated per call meanwhile.
/// </summary>
internal sealed record TimingSpread(double Median, double Min, double Max, double Q1, double Q3, int Repetitions, int CallsPerRepetition, double AllocatedBytesPerCall)
{
    /// <summary>The spread of <paramref name="perCall"/>, which is sorted in place.</summary>
    public static TimingSpread Of(double[] perCall, int callsPerRepetition, double allocatedBytesPerCall)
    {
        Array.Sort(perCall);
        return new TimingSpread(
            Quantile(perCall, 0.5), perCall[0], perCall[^1], Quantile(perCall, 0.25), Quantile(perCall, 0.75), perCall.Length, callsPerRepetition, allocatedBytesPerCall);
    }

    private static double Quantile(double[] sorted, double p)
    {
        double position = p * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
