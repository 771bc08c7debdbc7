using System.Diagnostics;

namespace VectorNN.Peers;

/// <summary>Median time of one call: warm-up, then repetitions of a calibrated number of calls each.</summary>
internal static class Timing
{
    /// <summary>Repetitions whose median is reported.</summary>
    public const int Repetitions = 25;

    /// <summary>
    /// Seconds per call of <paramref name="call"/>: the median of <see cref="Repetitions"/> repetitions, and their
    /// spread around it (<see cref="Timed.Spread"/>, which a loaded machine widens). Each repetition
    /// times enough back-to-back calls to last about <paramref name="repetitionSeconds"/>, so that calls of a
    /// microsecond are not lost in the clock's resolution. Warm-up (JIT tiering, libtorch's first-call setup, caches)
    /// runs the call for about 0.3 s first.
    /// </summary>
    public static Timed Measure(Action call, double repetitionSeconds = 0.02)
    {
        // Warm-up: at least 5 calls and about 0.3 s.
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 5 || clock.Elapsed.TotalSeconds < 0.3; i++)
        {
            call();
        }

        int calls = 1;
        while (Time(call, calls) < repetitionSeconds && calls < (1 << 24))
        {
            calls *= 2;
        }

        var perCall = new double[Repetitions];
        for (int r = 0; r < Repetitions; r++)
        {
            perCall[r] = Time(call, calls) / calls;
        }

        Array.Sort(perCall);
        double median = Quantile(perCall, 0.5);
        return new Timed(median, (Quantile(perCall, 0.75) - Quantile(perCall, 0.25)) / 2 / median);
    }

    /// <summary>The <paramref name="q"/> quantile of sorted values, interpolating linearly between neighbours.</summary>
    private static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int below = (int)position;
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    private static double Time(Action call, int calls)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++)
        {
            call();
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
