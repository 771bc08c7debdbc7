using VectorNN.Data;
using Xunit;

namespace VectorNN.Tests.Data;

/// <summary>The split without classes, for regression data.</summary>
public sealed class SplitTests
{
    [Fact]
    public void TheTestPart_IsTheRoundedFraction_DisjointAndComplete_InFileOrder_WithTheTargetNames()
    {
        // The input is the sample's index, so parts can be traced back; the target is its square.
        Dataset<double> all = new([.. Enumerable.Range(0, 41).Select(i => (double)i)], [.. Enumerable.Range(0, 41).Select(i => (double)(i * i))], 1, 1)
        {
            TargetNames = ["square"],
        };

        (Dataset<double> train, Dataset<double> test) = all.Split(0.25, seed: 3);

        // round(0.25 x 41) = round(10.25) = 10.
        Assert.Equal(10, test.Count);
        Assert.Equal(31, train.Count);
        double[] trainIds = train.Inputs.ToArray();
        double[] testIds = test.Inputs.ToArray();
        Assert.Equal(Enumerable.Range(0, 41).Select(i => (double)i), trainIds.Concat(testIds).Order());
        Assert.Equal(trainIds.Order(), trainIds);
        Assert.Equal(testIds.Order(), testIds);
        Assert.All(Enumerable.Range(0, test.Count), i => Assert.Equal(test.Input(i)[0] * test.Input(i)[0], test.Target(i)[0]));
        Assert.Equal(["square"], train.TargetNames);
        Assert.Equal(["square"], test.TargetNames);

        // Seeded: the same seed, the same split; another seed, another split.
        Assert.Equal(testIds, all.Split(0.25, seed: 3).Test.Inputs.ToArray());
        Assert.NotEqual(testIds, all.Split(0.25, seed: 4).Test.Inputs.ToArray());
    }

    [Fact]
    public void BothParts_GetASample_AndTooFewSamplesOrABadFractionThrow()
    {
        Dataset<double> two = new([1.0, 2], [3.0, 4], 1, 1);
        Assert.Equal((1, 1), (two.Split(0.01, 1).Train.Count, two.Split(0.01, 1).Test.Count));
        Assert.Equal((1, 1), (two.Split(0.99, 1).Train.Count, two.Split(0.99, 1).Test.Count));
        Assert.Throws<ArgumentException>(() => new Dataset<double>([1.0], [3.0], 1, 1).Split(0.5, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => two.Split(1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => two.Split(double.NaN, 1));
    }

    [Fact]
    public void TargetNames_MustNameEveryTargetColumn()
    {
        Assert.Throws<ArgumentException>(() => new Dataset<double>([1.0, 2], [3.0, 4], 1, 2) { TargetNames = ["a"] });
    }
}
