using VectorNN.Data;
using Xunit;

namespace VectorNN.Tests.Data;

public sealed class StratifiedSplitTests
{
    [Fact]
    public void EachClass_KeepsItsProportion_AndThePartsAreDisjointAndComplete()
    {
        // Classes of 50, 30 and 7 samples, interleaved; the input is the sample's index so parts can be traced back.
        int[] labels = [.. Enumerable.Range(0, 87).Select(i => i < 50 ? i % 2 * 2 : i < 80 ? 1 : (i % 2) * 2)];
        int[] sizes = [labels.Count(l => l == 0), labels.Count(l => l == 1), labels.Count(l => l == 2)];
        Dataset<double> all = Dataset<double>.FromLabels([.. Enumerable.Range(0, 87).Select(i => (double)i)], 1, labels, 3, ["a", "b", "c"]);

        (Dataset<double> train, Dataset<double> test) = all.StratifiedSplit(0.2, seed: 7);

        for (int c = 0; c < 3; c++)
        {
            int expected = (int)Math.Round(0.2 * sizes[c], MidpointRounding.AwayFromZero);
            Assert.Equal(expected, CountClass(test, c));
            Assert.Equal(sizes[c] - expected, CountClass(train, c));
        }

        double[] trainIds = train.Inputs.ToArray();
        double[] testIds = test.Inputs.ToArray();
        Assert.Empty(trainIds.Intersect(testIds));
        Assert.Equal(Enumerable.Range(0, 87).Select(i => (double)i), trainIds.Concat(testIds).Order());
        Assert.Equal(trainIds.Order(), trainIds);
        Assert.Equal(testIds.Order(), testIds);
        Assert.Equal(all.ClassNames, train.ClassNames);
        Assert.Equal(all.ClassNames, test.ClassNames);
        foreach (Dataset<double> part in new[] { train, test })
        {
            for (int i = 0; i < part.Count; i++)
            {
                Assert.Equal(all.Target((int)part.Input(i)[0]).ToArray(), part.Target(i).ToArray());
            }
        }
    }

    [Fact]
    public void TheSameSeed_GivesTheSameSplit_AndAnotherSeed_AnotherOne()
    {
        Dataset<float> iris = CsvLoader.Load<float>(Path.Combine(AppContext.BaseDirectory, "data", "iris.csv"));

        (Dataset<float> a, Dataset<float> aTest) = iris.StratifiedSplit(0.3, 42);
        (Dataset<float> b, Dataset<float> bTest) = iris.StratifiedSplit(0.3, 42);
        (Dataset<float> c, _) = iris.StratifiedSplit(0.3, 43);

        Assert.Equal(a.Inputs.ToArray(), b.Inputs.ToArray());
        Assert.Equal(aTest.Inputs.ToArray(), bTest.Inputs.ToArray());
        Assert.NotEqual(a.Inputs.ToArray(), c.Inputs.ToArray());
        Assert.Equal(45, aTest.Count);
        Assert.All(Enumerable.Range(0, 3), k => Assert.Equal(15, CountClass(aTest, k)));
    }

    [Fact]
    public void SmallClasses_GetOneTestSample_AndKeepOneForTraining()
    {
        Dataset<double> two = Dataset<double>.FromLabels([1, 2, 3, 4], 1, [0, 0, 1, 1], 2);

        (Dataset<double> low, Dataset<double> lowTest) = two.StratifiedSplit(0.01, 1);
        (Dataset<double> high, Dataset<double> highTest) = two.StratifiedSplit(0.99, 1);

        Assert.Equal([2, 2, 2, 2], new[] { low.Count, lowTest.Count, high.Count, highTest.Count });
    }

    [Fact]
    public void ASingleTargetColumn_SplitsBy_AtLeastHalf()
    {
        Dataset<double> binary = new([1, 2, 3, 4, 5, 6], [0, 0.4, 0.5, 1, 0.2, 0.9], 1, 1);

        (Dataset<double> train, Dataset<double> test) = binary.StratifiedSplit(0.5, 3);

        // Three samples per class; round(1.5) = 2 of each go to the test part.
        Assert.Equal(2, train.Count);
        Assert.Equal(1, train.Targets.ToArray().Count(t => t >= 0.5));
        Assert.Equal(2, test.Targets.ToArray().Count(t => t >= 0.5));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    [InlineData(double.NaN)]
    public void AFractionOutside0To1_Throws(double fraction)
    {
        Dataset<double> d = Dataset<double>.FromLabels([1, 2], 1, [0, 1], 2);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => d.StratifiedSplit(fraction, 1));
        Assert.Equal("testFraction", e.ParamName);
    }

    [Fact]
    public void APartThatWouldBeEmpty_Throws()
    {
        Dataset<double> d = Dataset<double>.FromLabels([1, 2], 1, [0, 1], 2);
        Assert.Throws<ArgumentException>(() => d.StratifiedSplit(0.2, 1));
    }

    private static int CountClass<T>(Dataset<T> d, int c)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T> =>
        Enumerable.Range(0, d.Count).Count(i => d.Target(i)[c] == T.One);
}
