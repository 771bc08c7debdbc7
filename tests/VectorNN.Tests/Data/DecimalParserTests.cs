using System.Globalization;
using System.Numerics;
using VectorNN.Data;
using Xunit;

namespace VectorNN.Tests.Data;

/// <summary>
/// The short-decimal parser the CSV reader tries first against the runtime's correctly rounded parser: whatever it
/// accepts must be bit-identical to <c>T.Parse</c>, and whatever the runtime refuses it must refuse too.
/// </summary>
public sealed class DecimalParserTests
{
    private const NumberStyles Float = NumberStyles.Float;

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("+0.0")]
    [InlineData("-0.000")]
    [InlineData("1")]
    [InlineData("-1.5")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("0.0128818")]
    [InlineData("-18.4291")]
    [InlineData("1e5")]
    [InlineData("1E-3")]
    [InlineData("2.5e+10")]
    [InlineData("16777217")]
    [InlineData("16777216")]
    [InlineData("9007199254740993")]
    [InlineData("0.1")]
    [InlineData("0.3")]
    [InlineData("3.4028235e38")]
    [InlineData("1e-45")]
    [InlineData("0000000000000000000000012")]
    [InlineData("1.00000000000000000000000001")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("1e400")]
    [InlineData("1e-400")]
    [InlineData("1e0000000000000000000000001")]
    public void Accepted_IsBitIdenticalToTheRuntimesParse(string text)
    {
        Same<float>(text);
        Same<double>(text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("-.")]
    [InlineData("e5")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("1.2.3")]
    [InlineData("--1")]
    [InlineData("1-")]
    [InlineData("0x10")]
    [InlineData("1,5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-∞")]
    [InlineData("١")]
    [InlineData("1 2")]
    public void Refused_OrLeftToTheRuntime_AsTheRuntimeDecides(string text)
    {
        Same<float>(text);
        Same<double>(text);
    }

    // Random decimals of every shape the fast path takes and just beyond it: digit counts around 2^24 and 2^53,
    // exponents around 10 and 22, signs, leading and trailing zeros, with and without a point or an exponent.
    [Fact]
    public void RandomDecimals_AreBitIdenticalToTheRuntimesParse()
    {
        var random = new Random(17);
        for (int i = 0; i < 50_000; i++)
        {
            string digits = new(Enumerable.Range(0, random.Next(1, 19)).Select(_ => (char)('0' + random.Next(10))).ToArray());
            int point = random.Next(-1, digits.Length + 1);
            string text = (random.Next(3) switch { 0 => "-", 1 => "+", _ => "" })
                + (point < 0 ? digits : digits[..point] + "." + digits[point..])
                + (random.Next(3) == 0 ? $"e{random.Next(-30, 31)}" : "");
            Same<float>(text);
            Same<double>(text);
        }
    }

    private static void Same<T>(string text)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        bool expectedOk = T.TryParse(text, Float, CultureInfo.InvariantCulture, out T expected);
        if (DecimalParser.TryParse(text, out T got))
        {
            Assert.True(expectedOk, $"{typeof(T).Name} '{text}': accepted, but the runtime refuses it");
            Assert.True(expected.Equals(got) && T.IsNegative(expected) == T.IsNegative(got), $"{typeof(T).Name} '{text}': expected {expected:R}, got {got:R}");
        }
    }
}
