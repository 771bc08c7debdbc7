using VectorNN.Data;
using Xunit;

namespace VectorNN.Tests.Data;

// The constructor's and FromLabels' refusals, message and parameter name exactly: the messages are built apart from the
// checks, and only the loaders' own values skip the pass that looks for NaN and infinity.
public sealed class DatasetValidationTests
{
    [Fact]
    public void AWidthBelowOne_IsRefused_NamingTheWidth()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Dataset<float>([1f], [1f], 0, 1));
        Assert.Equal("inputWidth", e.ParamName);
        Assert.StartsWith("Expected a width of at least 1, got 0.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InputsThatAreNotWholeRows_AreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new Dataset<float>([1f, 2f, 3f], [1f], 2, 1));
        Assert.Equal("inputs", e.ParamName);
        Assert.StartsWith("Expected whole rows of 2 values, got 3 values.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TargetRowsOfAnotherCount_AreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new Dataset<float>([1f, 2f], [1f], 1, 1));
        Assert.Equal("targets", e.ParamName);
        Assert.StartsWith("Expected 2 target rows (one per input row), got 1.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClassNamesOfAnotherCount_AreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => Dataset<float>.FromLabels([1f], 1, [0], 2, ["only"]));
        Assert.Equal("classNames", e.ParamName);
        Assert.StartsWith("Expected 2 class names (one per target column), got 1.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromLabels_StillRefusesANonFiniteInput_NamingSampleAndColumn()
    {
        var e = Assert.Throws<ArgumentException>(() => Dataset<float>.FromLabels([1f, 2f, 3f, float.NaN], 2, [0, 1], 2));
        Assert.Equal("inputs", e.ParamName);
        Assert.StartsWith("Sample 1, column 1: expected a finite value, got NaN.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheConstructor_StillRefusesANonFiniteTarget()
    {
        var e = Assert.Throws<ArgumentException>(() => new Dataset<double>([1.0, 2.0], [0.5, double.PositiveInfinity], 1, 1));
        Assert.Equal("targets", e.ParamName);
        Assert.StartsWith($"Sample 1, column 0: expected a finite value, got {double.PositiveInfinity}.", e.Message, StringComparison.Ordinal);
    }
}
