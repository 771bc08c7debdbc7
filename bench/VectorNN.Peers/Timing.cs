using System.Diagnostics;

namespace VectorNN.Peers;

/// <summary>Median time of one call: warm-up, then repetitions of a calibrated number of calls each.</summary>
internal static class Timing
{
    /// <summary>Repetitions whose median is reported.</summary>
    public const int Repetitions = 25;

    /// <summary>
    /// Seconds per call of <paramref name="call"/>, the median of <see cref="Repetitions"/> repetitions. Each repetition
    /// times enough back-to-back calls to last about <paramref name="repetitionSeconds"/>, so that calls of a
    /// microsecond are not lost in the clock's resolution. Warm-up (JIT tiering, libtorch's first-call setup, caches)
    /// runs the call for about 0.3 s first.
    /// </summary>
    public static double MedianSeconds(Action call, double repetitionSeconds = 0.02)
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
        return Repetitions % 2 == 1
            ? perCall[Repetitions / 2]
            : (perCall[(Repetitions / 2) - 1] + perCall[Repetitions / 2]) / 2;
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
