using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace VectorNN.Tests.Testing;

public sealed class ValuesTests
{
    [Property(MaxTest = 500)]
    public Property Finite_IsExactInFloat_WithinPlusMinusFour() =>
        Prop.ForAll(Values.Finite.ToArbitrary(), v =>
        {
            Assert.InRange(v, -4, 4);
            Assert.Equal(v, (double)(float)v);
        });

    [Fact]
    public void ArrayWithSpecials_PlacesEverySpecialValueAmongFiniteOnes()
    {
        // 20 arrays of 200: each special value is expected about 170 times, so missing one is a failure of the generator.
        double[] all = [.. Values.ArrayWithSpecials(200).Sample(20).SelectMany(a => a)];
        Assert.Contains(all, double.IsNaN);
        Assert.Contains(double.PositiveInfinity, all);
        Assert.Contains(double.NegativeInfinity, all);
        Assert.Contains(all, v => v == 0 && double.IsNegative(v));
        Assert.True(all.Count(double.IsFinite) > all.Length / 2);
    }

    [Fact]
    public void WithNonFinite_ReplacesOneElementOfACopy()
    {
        double[] values = [1, 2, 3];
        double[] copy = Values.WithNonFinite(values, NonNegativeInt.NewNonNegativeInt(4), NonNegativeInt.NewNonNegativeInt(1));

        Assert.Equal([1, double.PositiveInfinity, 3], copy);
        Assert.Equal([1, 2, 3], values);
        Assert.Throws<ArgumentException>(() => Values.WithNonFinite([], NonNegativeInt.NewNonNegativeInt(0), NonNegativeInt.NewNonNegativeInt(0)));
    }

    [Fact]
    public void LengthSweep_NamesTheLengthThatFailed()
    {
        CheckFailedException failure = Assert.Throws<CheckFailedException>(
            () => LengthSweep.ForEachLength(n => Assert.True(n != 17, "seventeen")));
        Assert.StartsWith("length 17: seventeen", failure.Message);
    }
}
