using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace VectorNN.Tests.Testing;

public sealed class ErrorBoundTests
{
    [Property(Arbitrary = new[] { typeof(KernelCases) }, MaxTest = 200)]
    public void Dot_BoundsAFloatDotProductAgainstTheDoubleOne(VectorCase c)
    {
        // A plain float loop, the simplest kernel the bound speaks of; the double loop is its oracle.
        float sum = 0;
        double exact = 0;
        for (int i = 0; i < c.X.Length; i++)
        {
            sum += (float)c.X[i] * (float)c.Y[i];
            exact += c.X[i] * c.Y[i];
        }

        double bound = ErrorBound.Dot<float>(c.X, c.Y);
        Assert.True(Math.Abs(sum - exact) <= bound, $"{c}: float {sum:R}, double {exact:R}, bound {bound:E3}");
    }

    [Fact]
    public void Dot_IsTheSumBoundOfTheProductsMagnitudes()
    {
        // sum |x_i y_i| = 2 + 6 = 8 over 2 terms: (gamma_3(float) + gamma_3(double)) * 8, plus the subnormal floor.
        double expected = (ErrorBound.Gamma(3, ErrorBound.SingleUnit) + ErrorBound.Gamma(3, ErrorBound.DoubleUnit)) * 8 + 1e-300;
        Assert.Equal(expected, ErrorBound.Dot<float>([1, -2], [2, 3]));
        Assert.Throws<ArgumentException>(() => ErrorBound.Dot<float>([1, 2], [1]));
    }

    [Fact]
    public void Gamma_IsKuOverOneMinusKu_AndInfiniteOnceKuReachesOne()
    {
        Assert.Equal(0, ErrorBound.Gamma(0, ErrorBound.SingleUnit));
        Assert.Equal(3.0 / (1 << 24) / (1 - (3.0 / (1 << 24))), ErrorBound.Gamma(3, ErrorBound.SingleUnit));
        Assert.Equal(double.PositiveInfinity, ErrorBound.Gamma(1 << 24, ErrorBound.SingleUnit));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErrorBound.Gamma(-1, ErrorBound.SingleUnit));
    }

    [Fact]
    public void Unit_IsDefinedForFloatAndDoubleOnly()
    {
        Assert.Equal(Math.Pow(2, -24), ErrorBound.Unit<float>());
        Assert.Equal(Math.Pow(2, -53), ErrorBound.Unit<double>());
        Assert.Throws<NotSupportedException>(() => ErrorBound.Unit<Half>());
    }
}
