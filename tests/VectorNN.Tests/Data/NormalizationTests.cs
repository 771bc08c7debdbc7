using VectorNN.Data;
using Xunit;

namespace VectorNN.Tests.Data;

/// <summary>Undoing a normalization, as a regression model's predictions need for standardized targets.</summary>
public sealed class NormalizationTests
{
    [Fact]
    public void Invert_IsScaleTimesValuePlusOffset_PerColumn()
    {
        var n = new Normalization(NormalizationMethod.ZScore, [100, -1], [20, 0.5]);
        double[] values = [0, 0, 1.5, 2, -1, -4];

        n.Invert<double>(values);

        // Column 0: 100 + 20 v; column 1: -1 + 0.5 v.
        Assert.Equal([100.0, -1, 130, 0, 80, -3], values);
    }

    [Fact]
    public void Invert_UndoesApply_ForStatisticsFittedOnTheData()
    {
        float[] targets = [151, 75, 141, 206, 135, 97, 138, 63];
        Normalization n = Normalization.Fit<float>(NormalizationMethod.ZScore, targets, 2);
        float[] copy = [.. targets];

        n.Apply<float>(copy);
        Assert.InRange(Math.Abs(copy.Where((_, i) => i % 2 == 0).Average()), 0, 1e-6);
        n.Invert<float>(copy);

        // Two roundings to float of values near 200 (each within 2^-24 relative) and one of the standardized value: 1e-4.
        Assert.Equal(targets, copy, (a, b) => Math.Abs(a - b) <= 1e-4f);
    }

    [Fact]
    public void Invert_OfNone_LeavesTheValues_AndPartialRowsThrow()
    {
        double[] values = [3, 4];
        Normalization.Identity(2).Invert<double>(values);
        Assert.Equal([3.0, 4], values);
        Assert.Throws<ArgumentException>(() => Normalization.Identity(2).Invert<double>(new double[3]));
    }
}
