using System.Numerics;
using Xunit;

namespace VectorNN.Tests.Oracles;

/// <summary>Element-by-element comparison of a kernel's output with an oracle's.</summary>
public static class Compare
{
    /// <summary>
    /// Each actual element is NaN exactly where the expected one is, an infinity of the same sign where the expected
    /// one is infinite, and otherwise within <paramref name="bound"/>(i) of it.
    /// </summary>
    public static void Within<T>(ReadOnlySpan<T> actual, ReadOnlySpan<double> expected, Func<int, double> bound, string what)
        where T : INumberBase<T>
    {
        Assert.True(actual.Length >= expected.Length, $"{what}: {actual.Length} results for {expected.Length} expected");
        for (int i = 0; i < expected.Length; i++)
        {
            double a = double.CreateTruncating(actual[i]);
            double e = expected[i];
            // Messages are formed only on failure: the length sweeps compare about a million elements.
            if (double.IsNaN(e) || double.IsInfinity(e))
            {
                if (!a.Equals(e))
                {
                    Assert.Fail($"{what}[{i}]: expected {e}, got {a}");
                }

                continue;
            }

            double b = bound(i);
            if (!(Math.Abs(a - e) <= b))
            {
                Assert.Fail($"{what}[{i}]: expected {e:R}, got {a:R}, |diff| {Math.Abs(a - e):E3} > bound {b:E3}");
            }
        }
    }

    /// <summary>Converts to <typeparamref name="T"/> (exact for the test value grid).</summary>
    public static T[] As<T>(double[] values)
        where T : INumberBase<T> => Array.ConvertAll(values, T.CreateTruncating);

    /// <summary>Widens to double.</summary>
    public static double[] ToDouble<T>(ReadOnlySpan<T> values)
        where T : INumberBase<T>
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = double.CreateTruncating(values[i]);
        }

        return result;
    }
}
