using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathNetVector = MathNet.Numerics.LinearAlgebra.Vector<double>;
using VectorNN.Kernels;
using VectorNN.Tests.Oracles;
using Xunit;

namespace VectorNN.Tests.Kernels;

public sealed class ElementWiseTests
{
    // One or two roundings per element (two where the hardware has no FMA), against a double oracle that is exact for
    // these inputs up to its own rounding: ErrorBound.Sum with two terms covers both.
    private static double Bound<T>(double magnitude) => ErrorBound.Sum<T>(2, magnitude);

    [Property(Arbitrary = new[] { typeof(KernelCases) }, MaxTest = 150)]
    public void Add_Multiply_Scale_MatchTheOracle(VectorCase c)
    {
        CheckBinaryOps<float>(c);
        CheckBinaryOps<double>(c);
    }

    [Property(Arbitrary = new[] { typeof(KernelCases) }, MaxTest = 150)]
    public void AccumulateScaled_MatchesTheOracle_OutOfPlaceAndInPlace(VectorCase c)
    {
        CheckAxpy<float>(c);
        CheckAxpy<double>(c);
    }

    [Property(Arbitrary = new[] { typeof(KernelCases) }, MaxTest = 100)]
    public void NonFiniteValues_PropagateAsIeeeSays(VectorCase c, NonNegativeInt position, NonNegativeInt which)
    {
        if (c.X.Length == 0)
        {
            return;
        }

        var withSpecial = c with { X = Values.WithNonFinite(c.X, position, which) };
        CheckBinaryOps<float>(withSpecial);
        CheckAxpy<double>(withSpecial);
    }

    [Fact]
    public void EveryLength_0To260_MatchesTheOracle_InPlaceToo() => LengthSweep.ForEachLength(n =>
    {
        VectorCase c = LengthSweep.Vectors(n);
        CheckBinaryOps<float>(c);
        CheckBinaryOps<double>(c);
        CheckAxpy<float>(c);
        CheckAxpy<double>(c);
    });

    [Fact]
    public void ZeroScaleOfAnInfinity_IsNaN()
    {
        double[] x = [double.PositiveInfinity, 2, double.NaN];
        var scaled = new double[3];
        ElementWise.Scale<double>(x, 0.0, scaled);
        Assert.True(double.IsNaN(scaled[0]) && scaled[1] == 0 && double.IsNaN(scaled[2]), string.Join(", ", scaled));
        double[] y = [1, 1, 1];
        ElementWise.AccumulateScaled<double>(x, 0.0, y);
        Assert.True(double.IsNaN(y[0]) && y[1] == 1 && double.IsNaN(y[2]), string.Join(", ", y));
    }

    [Fact]
    public void Destination_LongerThanInputs_KeepsItsExtraElements()
    {
        for (int n = 0; n <= 40; n++)
        {
            float[] x = Enumerable.Range(0, n).Select(i => (float)i).ToArray();
            float[] destination = Enumerable.Repeat(-7f, n + 5).ToArray();
            ElementWise.Add<float>(x, x, destination);
            Assert.All(destination[n..], v => Assert.Equal(-7f, v));
            Assert.Equal(x.Select(v => 2 * v), destination[..n]);
        }
    }

    [Fact]
    public void BadArguments_Throw_AndLeaveTheDestinationUntouched()
    {
        double[] buffer = Enumerable.Range(0, 40).Select(i => (double)i).ToArray();
        double[] before = (double[])buffer.Clone();

        var differ = Assert.Throws<ArgumentException>(() => ElementWise.Add<double>(new double[5], new double[4], new double[5]));
        Assert.Equal("y", differ.ParamName);
        var shortDestination = Assert.Throws<ArgumentException>(() => ElementWise.Multiply<double>(new double[5], new double[5], new double[4]));
        Assert.Equal("destination", shortDestination.ParamName);
        var overlap = Assert.Throws<ArgumentException>(() => ElementWise.Scale<double>(buffer.AsSpan(0, 30), 2.0, buffer.AsSpan(1, 30)));
        Assert.Equal("destination", overlap.ParamName);
        var axpyOverlap = Assert.Throws<ArgumentException>(() => ElementWise.AccumulateScaled<double>(buffer.AsSpan(3, 30), 2.0, buffer.AsSpan(0, 30)));
        Assert.Equal("y", axpyOverlap.ParamName);
        var axpyLength = Assert.Throws<ArgumentException>(() => ElementWise.AccumulateScaled<double>(new double[3], 2.0, buffer.AsSpan(0, 4)));
        Assert.Equal("y", axpyLength.ParamName);

        Assert.Equal(before, buffer);
    }

    private static void CheckBinaryOps<T>(VectorCase c)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] x = Values.As<T>(c.X), y = Values.As<T>(c.Y);
        T alpha = T.CreateTruncating(c.Alpha);
        MathNetVector vx = MathNetOracle.Vector(c.X), vy = MathNetOracle.Vector(c.Y);
        int n = x.Length;

        var sum = new T[n];
        ElementWise.Add<T>(x, y, sum);
        Compare.Within<T>(sum, (vx + vy).ToArray(), i => Bound<T>(Math.Abs(c.X[i]) + Math.Abs(c.Y[i])), "Add");

        var product = new T[n];
        ElementWise.Multiply<T>(x, y, product);
        Compare.Within<T>(product, vx.PointwiseMultiply(vy).ToArray(), i => Bound<T>(Math.Abs(c.X[i] * c.Y[i])), "Multiply");

        // In place: the destination is the first input.
        T[] scaled = (T[])x.Clone();
        ElementWise.Scale<T>(scaled, alpha, scaled);
        Compare.Within<T>(scaled, MathNetOracle.Scale(c.Alpha, c.X).ToArray(), i => Bound<T>(Math.Abs(c.X[i] * c.Alpha)), "Scale in place");

        T[] inPlaceSum = (T[])y.Clone();
        ElementWise.Add<T>(x, inPlaceSum, inPlaceSum);
        Assert.Equal(sum, inPlaceSum);
    }

    private static void CheckAxpy<T>(VectorCase c)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] x = Values.As<T>(c.X), y = Values.As<T>(c.Y);
        double[] expected = (MathNetOracle.Vector(c.Y) + MathNetOracle.Scale(c.Alpha, c.X)).ToArray();
        ElementWise.AccumulateScaled<T>(x, T.CreateTruncating(c.Alpha), y);
        Compare.Within<T>(y, expected, i => Bound<T>(Math.Abs(c.Alpha * c.X[i]) + Math.Abs(c.Y[i])), "AccumulateScaled");

        // x and y the same span: y += alpha * y.
        T[] self = (T[])x.Clone();
        ElementWise.AccumulateScaled<T>(self, T.CreateTruncating(c.Alpha), self);
        double[] expectedSelf = (MathNetOracle.Vector(c.X) + MathNetOracle.Scale(c.Alpha, c.X)).ToArray();
        Compare.Within<T>(self, expectedSelf, i => Bound<T>(Math.Abs(c.Alpha * c.X[i]) + Math.Abs(c.X[i])), "AccumulateScaled in place");
    }
}
