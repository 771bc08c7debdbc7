using System.Globalization;
using Xunit;

namespace VectorNN.Tests.Oracles;

/// <summary>Comparison with numbers as a tutorial prints them.</summary>
public static class Printed
{
    /// <summary>
    /// A printed number is the true value rounded to the digits shown, so the two differ by at most half a unit of the
    /// last printed digit (5e-9 for 8 decimals). <paramref name="slack"/> adds what the value computed here may itself
    /// be off by; the default 1e-15 covers a few double roundings of values of order one.
    /// </summary>
    public static void AssertMatches(string printed, double actual, string what, double slack = 1e-15)
    {
        int decimals = printed.Length - printed.IndexOf('.') - 1;
        double tolerance = (0.5 * Math.Pow(10, -decimals)) + slack;
        double expected = double.Parse(printed, CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(actual - expected) <= tolerance, $"{what}: expected {printed} (+-{tolerance:E2}), got {actual:R}");
    }
}
