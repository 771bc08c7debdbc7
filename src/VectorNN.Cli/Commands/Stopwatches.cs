using System.Diagnostics;

namespace VectorNN.Cli.Commands;

/// <summary>Medians of repeated timings, within a time budget, for the <c>bench</c> probe.</summary>
internal static class Stopwatches
{
    /// <summary>
    /// Runs <paramref name="action"/> for <paramref name="warmup"/> until the JIT has settled, then times it until
    /// <paramref name="budget"/> has passed (at least 5 and at most 1000 timings), and returns the median in seconds.
    /// </summary>
    public static double Median(Action action, TimeSpan warmup, TimeSpan budget)
    {
        long end = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        do
        {
            action();
        }
        while (Stopwatch.GetTimestamp() < end);

        var times = new List<double>();
        end = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);
        while (times.Count < 5 || (times.Count < 1000 && Stopwatch.GetTimestamp() < end))
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
