using VectorNN.Kernels.Int8;
using Xunit;

namespace VectorNN.Tests.Kernels;

public sealed class ActivationQuantizerTests
{
    [Fact]
    public void EveryValue_ReadsBackWithinHalfAStep_ZeroIsExact_AndTheEndsMapToTheEndBytes_OnEveryLength0To260()
    {
        var random = new Random(5);
        for (int length = 0; length <= 260; length++)
        {
            // Mostly negative, mostly positive and mixed samples, with exact zeros planted.
            double shift = (length % 3) - 1;
            float[] x = [.. Enumerable.Range(0, length).Select(i => i % 7 == 3 ? 0f : (float)((random.NextDouble() + shift) * 10))];
            var q = new byte[length];
            float scale = ActivationQuantizer.Quantize(x, q, out int zero);
            if (x.All(v => v == 0))
            {
                Assert.Equal(0f, scale);
                Assert.All(q, b => Assert.Equal(zero, b));
                continue;
            }

            double low = Math.Min(0, x.Min()), high = Math.Max(0, x.Max());
            Assert.Equal((high - low) / 255, scale, (high - low) / 255 * 1e-6);
            for (int i = 0; i < length; i++)
            {
                // Half a step, widened by the float rounding of x / scale: 255 x 2^-23 of a step at most.
                double error = Math.Abs(x[i] - ((q[i] - zero) * (double)scale));
                Assert.True(error <= scale * 0.50004, $"length {length}, x[{i}] = {x[i]}: read back as ({q[i]} - {zero}) x {scale}, off by {error}");
                if (x[i] == 0)
                {
                    Assert.Equal(zero, q[i]);
                }
            }

            // The ends of the range land on the ends of the bytes (254 when the zero point's rounding tied downwards).
            if (low < 0)
            {
                Assert.InRange(q[Array.IndexOf(x, x.Min())], 0, 1);
            }

            if (high > 0)
            {
                Assert.InRange(q[Array.IndexOf(x, x.Max())], 254, 255);
            }
        }
    }

    [Theory]
    [InlineData(100)]
    [InlineData(120)]
    [InlineData(7)]
    public void ANaNOrInfinity_AtAnyPosition_GivesANaNScale(int length)
    {
        // 100 values: three rounds of the 512-bit accumulator pairs (six of the 256-bit ones without AVX-512), then the
        // scalar tail; 120: those, then a round of the 256-bit pair and one single 256-bit step; 7: the scalar loop alone.
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            for (int at = 0; at < length; at++)
            {
                float[] x = [.. Enumerable.Range(0, length).Select(i => i == at ? bad : i)];
                Assert.True(float.IsNaN(ActivationQuantizer.Quantize(x, new byte[length], out _)), $"{bad} at {at}");
            }
        }
    }

    [Fact]
    public void HalfwayValues_RoundToTheEvenByte_OnEveryLength()
    {
        // Range [0, 255]: the inverse scale is exactly 1 and the zero point 0, so x = b + 0.5 lies exactly halfway
        // between two bytes and must round to the even one; every vector width and the scalar tail are covered by
        // lengths around 16, 32 and 64.
        for (int length = 2; length <= 300; length++)
        {
            float[] x = new float[length];
            for (int i = 0; i < length; i++)
            {
                x[i] = (i * 37 % 255) + 0.5f;
            }

            x[0] = 255;
            x[1] = 0;
            var q = new byte[length];
            Assert.Equal(1f, ActivationQuantizer.Quantize(x, q, out int zero));
            Assert.Equal(0, zero);
            for (int i = 2; i < length; i++)
            {
                int below = i * 37 % 255;
                Assert.True(q[i] == (below % 2 == 0 ? below : below + 1), $"length {length}: x[{i}] = {x[i]} gave {q[i]}");
            }

            Assert.Equal([255, 0], q[..2]);
        }
    }

    [Theory]
    [InlineData(1e-40f)]
    [InlineData(-1e-40f)]
    [InlineData(7e-37f)]
    public void ARangeTooNarrowForAFloatInverse_ReadsBackAsZero(float extreme)
    {
        // 255 / range overflows float below a range of 255 / float.MaxValue (~7.5e-37): scale 0, every byte the zero point.
        foreach (int length in new[] { 3, 40, 100 })
        {
            float[] x = [.. Enumerable.Range(0, length).Select(i => i % 3 == 0 ? extreme : extreme / (i + 1))];
            var q = new byte[length];
            q.AsSpan().Fill(7);
            Assert.Equal(0f, ActivationQuantizer.Quantize(x, q, out int zero));
            Assert.Equal(0, zero);
            Assert.All(q, b => Assert.Equal(0, b));
        }
    }
}
