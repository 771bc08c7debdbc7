using VectorNN.Data;
using Xunit;

namespace VectorNN.Tests.Data;

public sealed class CrossValidationTests
{
    [Theory]
    [InlineData(10, 2)]
    [InlineData(10, 3)]
    [InlineData(11, 5)]
    [InlineData(7, 7)]
    [InlineData(150, 10)]
    public void PlainFolds_HoldEverySampleOnce_AndDifferInSizeByAtMostOne(int count, int k)
    {
        int[][] folds = CrossValidation.Folds(Regression(count), k, seed: 3, stratified: false);

        Assert.Equal(k, folds.Length);
        Assert.Equal(Enumerable.Range(0, count), folds.SelectMany(f => f).Order());
        Assert.True(folds.Max(f => f.Length) - folds.Min(f => f.Length) <= 1, string.Join(",", folds.Select(f => f.Length)));
        Assert.All(folds, f => Assert.Equal(f.Order(), f));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void StratifiedFolds_KeepEachClassCount_WithinOneBetweenFolds(int k)
    {
        // Classes of 5, 9 and 17 samples, interleaved, so neither file order nor class order lines up with the folds.
        int[] labels = [.. Enumerable.Range(0, 31).Select(i => i % 3 == 0 && i < 15 ? 0 : i % 2 == 0 ? 1 : 2)];
        Dataset<double> data = Classes(labels, 3);

        int[][] folds = CrossValidation.Folds(data, k, seed: 11, stratified: true);

        Assert.Equal(Enumerable.Range(0, labels.Length), folds.SelectMany(f => f).Order());
        Assert.True(folds.Max(f => f.Length) - folds.Min(f => f.Length) <= 1);
        for (int c = 0; c < 3; c++)
        {
            int[] perFold = [.. folds.Select(f => f.Count(i => labels[i] == c))];
            Assert.True(perFold.Max() - perFold.Min() <= 1, $"class {c}: {string.Join(",", perFold)}");
        }
    }

    [Fact]
    public void TheSameSeed_GivesTheSameFolds_AndAnotherSeed_OtherFolds()
    {
        Dataset<double> data = Regression(40);

        Assert.Equal(CrossValidation.Folds(data, 4, 5, false), CrossValidation.Folds(data, 4, 5, false));
        Assert.NotEqual(CrossValidation.Folds(data, 4, 5, false), CrossValidation.Folds(data, 4, 6, false));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(11)]
    public void AFoldCountOutside2ToTheSampleCount_IsRefused(int k)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => CrossValidation.Folds(Regression(10), k, 1, false));
        Assert.Contains("from 2 to the number of samples, 10", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StratifiedFolds_MoreThanTheSmallestClass_NameTheClassAndItsCount()
    {
        Dataset<double> data = Classes([0, 0, 0, 0, 1, 1, 0], 2, ["big", "small"]);

        var e = Assert.Throws<ArgumentException>(() => CrossValidation.Folds(data, 3, 1, stratified: true));

        Assert.Contains("class small has only 2 sample(s)", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, CrossValidation.Folds(data, 2, 1, stratified: true).Length);
    }

    [Fact]
    public void Split_TrainsOnTheOtherFolds_AndTestsOnTheFold_InFileOrder()
    {
        Dataset<double> data = Regression(6);

        (Dataset<double> train, Dataset<double> test) = CrossValidation.Split(data, [4, 1]);

        Assert.Equal([0.0, 2, 3, 5], train.Inputs.ToArray());
        Assert.Equal([1.0, 4], test.Inputs.ToArray());
        Assert.Equal(["y"], test.TargetNames);
        Assert.Throws<ArgumentException>(() => CrossValidation.Split(data, [1, 1]));
        Assert.Throws<ArgumentException>(() => CrossValidation.Split(data, [6]));
        Assert.Throws<ArgumentException>(() => CrossValidation.Split(data, []));
    }

    [Fact]
    public void Split_WithNormalization_FitsTheStatisticsOnTheTrainingPartAlone()
    {
        // Inputs 0..5, test fold {0, 5}: min-max from the training part {1, 2, 3, 4} maps x to (x - 1) / 3, so the held-out
        // 0 and 5 fall outside [0, 1]. Statistics from all six samples would map them to exactly 0 and 1.
        (Dataset<double> train, Dataset<double> test, Normalization fitted) = CrossValidation.Split(Regression(6), [0, 5], NormalizationMethod.MinMax);

        Assert.Equal([0.0, 1.0 / 3, 2.0 / 3, 1.0], train.Inputs.ToArray());
        Assert.Equal([-1.0 / 3, 4.0 / 3], test.Inputs.ToArray());
        Assert.Equal([0.0, 10.0], test.Targets.ToArray());
        Assert.Equal(NormalizationMethod.MinMax, fitted.Method);
    }

    // Sample i has the input i and the target 2i.
    private static Dataset<double> Regression(int count) =>
        new([.. Enumerable.Range(0, count).Select(i => (double)i)], [.. Enumerable.Range(0, count).Select(i => 2.0 * i)], 1, 1) { TargetNames = ["y"] };

    private static Dataset<double> Classes(int[] labels, int classCount, string[]? names = null) =>
        Dataset<double>.FromLabels([.. labels.Select(l => (double)l)], 1, labels, classCount, names);
}
