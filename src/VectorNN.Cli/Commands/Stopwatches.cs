using System.Diagnostics;

namespace VectorNN.Cli.Commands;

/// <summary>Medians of repeated timings, within a time budget, for the <c>bench</c> probe.</summary>
internal static class Stopwatches
{
    // A repetition shorter than this would measure the timer as much as the call: short calls are repeated within it.
    private static readonly TimeSpan ShortestRepetition = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Runs <paramref name="action"/> for <paramref name="warmup"/> until the JIT has settled, then times it until
    /// <paramref name="budget"/> has passed (at least 5 and at most 1000 timings), and returns the median in seconds.
    /// </summary>
    public static double Median(Action action, TimeSpan warmup, TimeSpan budget)
    {
        WarmUp(action, warmup);
        var times = new List<double>();
        long end = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency);
        while (times.Count < 5 || (times.Count < 1000 && Stopwatch.GetTimestamp() < end))
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>
    /// Runs <paramref name="action"/> for <paramref name="warmup"/>, then times <paramref name="repetitions"/>
    /// repetitions of it, each of enough calls to last about a millisecond, and returns the spread of one call's time
    /// and the bytes allocated per call by the whole process (the kernels' worker threads included).
    /// </summary>
    public static TimingSpread Spread(Action action, TimeSpan warmup, int repetitions)
    {
        // The warm-up's mean call, not its last: one call preempted on a busy machine would otherwise set a single call
        // per repetition for a call shorter than the clock's resolution, and time it as 0.
        double perCall = WarmUp(action, warmup);
        int calls = (int)Math.Clamp(Math.Ceiling(ShortestRepetition.TotalSeconds / Math.Max(perCall, 1e-9)), 1, 1_000_000);
        var times = new double[repetitions];
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        for (int r = 0; r < repetitions; r++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int c = 0; c < calls; c++)
            {
                action();
            }

            // At least one tick: a time of 0 would report an infinite rate.
            times[r] = Math.Max(Stopwatch.GetTimestamp() - start, 1) / (double)Stopwatch.Frequency / calls;
        }

        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        return TimingSpread.Of(times, calls, (double)allocated / ((long)repetitions * calls));
    }

    /// <summary>Runs <paramref name="action"/> at least twice and until <paramref name="warmup"/> has passed; returns the mean seconds per call.</summary>
    private static double WarmUp(Action action, TimeSpan warmup)
    {
        long start = Stopwatch.GetTimestamp();
        long end = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        long count = 0;
        do
        {
            action();
            count++;
        }
        while (count < 2 || Stopwatch.GetTimestamp() < end);
        return Stopwatch.GetElapsedTime(start).TotalSeconds / count;
    }
}
