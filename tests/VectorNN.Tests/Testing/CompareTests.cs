using Xunit;

namespace VectorNN.Tests.Testing;

public sealed class CompareTests
{
    [Fact]
    public void Within_AcceptsDifferencesUpToTheBound_AndNamesTheFirstElementBeyondIt()
    {
        double[] expected = [1, 2, 3];
        Compare.Within<float>([1f, 2.5f, 3f], expected, i => i == 1 ? 0.5 : 0, "y");

        CheckFailedException failure = Assert.Throws<CheckFailedException>(
            () => Compare.Within<float>([1f, 2.5f, 3f], expected, _ => 0.25, "y"));
        Assert.StartsWith("y[1]: expected 2, got 2.5", failure.Message);
    }

    [Theory]
    [InlineData(double.NaN, 0.0)]
    [InlineData(double.PositiveInfinity, double.NegativeInfinity)]
    [InlineData(double.NegativeInfinity, double.MaxValue)]
    [InlineData(1.0, double.NaN)]
    public void Within_RequiresNaNAndInfinitiesExactly_WhateverTheBound(double expected, double actual)
    {
        Assert.Throws<CheckFailedException>(() => Compare.Within<double>([actual], [expected], _ => double.MaxValue, "y"));
    }

    [Fact]
    public void Within_FailsWhenThereAreFewerResultsThanExpected()
    {
        Assert.Throws<CheckFailedException>(() => Compare.Within<double>([1.0], [1.0, 2.0], _ => 1, "y"));
    }

    [Fact]
    public void Gradients_AcceptTinyComponentsWithinTheRoundingError_ButNotWithoutIt()
    {
        // 1e-9 against 2e-9: relative error 0.5, absolute 1e-9, which a rounding bound of 2e-9 covers.
        double[] gradient = [0.5, 1e-9], numeric = [0.5 * (1 + 1e-7), 2e-9];
        Compare.Gradients(gradient, numeric, roundingError: 2e-9);

        CheckFailedException failure = Assert.Throws<CheckFailedException>(() => Compare.Gradients(gradient, numeric, 0, "bias"));
        Assert.StartsWith("bias 1:", failure.Message);
        Assert.Throws<CheckFailedException>(() => Compare.Gradients([0.5], [0.5 * (1 + 1e-5)], 0));
        Assert.Throws<CheckFailedException>(() => Compare.Gradients([0.5], [0.5, 1], 1));
    }
}
