using VectorNN.Training;
using Xunit;

namespace VectorNN.Tests.Training;

/// <summary>The regression metrics against values worked by hand.</summary>
public sealed class RegressionEvaluationTests
{
    [Fact]
    public void OneTarget_MatchesTheHandWorkedMetrics()
    {
        // Errors 0, -1, 1, -2: squared 0 + 1 + 1 + 4 = 6, absolute 4. Targets' mean 3, squared deviations 4 + 0 + 1 + 9 = 14.
        RegressionEvaluation e = RegressionEvaluation.Compute<double>([1, 2, 3, 4], [1, 3, 2, 6], 1);

        Assert.Equal(4, e.Count);
        RegressionMetrics m = Assert.Single(e.Targets);
        Assert.Equal(1.5, m.MeanSquaredError);
        Assert.Equal(Math.Sqrt(1.5), m.RootMeanSquaredError);
        Assert.Equal(1.0, m.MeanAbsoluteError);
        Assert.Equal(1 - (6.0 / 14), m.RSquared!.Value, 15);
        Assert.Equal(m, e.Overall);
    }

    [Fact]
    public void TwoTargets_OverallIsTheMeanOverTargets_AndRootOfTheMeanSquaredError()
    {
        // Rows (prediction | target): column 0 as above, column 1 predicts 10, 20, 30, 40 for 10, 20, 30, 44 (errors 0, 0, 0, -4).
        float[] predictions = [1, 10, 2, 20, 3, 30, 4, 40];
        float[] targets = [1, 10, 3, 20, 2, 30, 6, 44];
        RegressionEvaluation e = RegressionEvaluation.Compute<float>(predictions, targets, 2);

        // Column 1: MSE 16 / 4 = 4, MAE 1; mean 26, squared deviations 256 + 36 + 16 + 324 = 632, R^2 = 1 - 16/632.
        Assert.Equal(4.0, e.Targets[1].MeanSquaredError);
        Assert.Equal(1.0, e.Targets[1].MeanAbsoluteError);
        Assert.Equal(1 - (16.0 / 632), e.Targets[1].RSquared!.Value, 15);
        Assert.Equal((1.5 + 4) / 2, e.Overall.MeanSquaredError);
        Assert.Equal(Math.Sqrt(2.75), e.Overall.RootMeanSquaredError);
        Assert.Equal(1.0, e.Overall.MeanAbsoluteError);
        Assert.Equal(((1 - (6.0 / 14)) + (1 - (16.0 / 632))) / 2, e.Overall.RSquared!.Value, 15);
    }

    [Fact]
    public void ConstantTarget_HasNoRSquared_RatherThanNaN()
    {
        RegressionEvaluation e = RegressionEvaluation.Compute<double>([1, 0, 2, 0], [1, 5, 3, 5], 2);

        Assert.NotNull(e.Targets[0].RSquared);
        Assert.Null(e.Targets[1].RSquared);
        Assert.Null(e.Overall.RSquared);
        Assert.Equal(25.0, e.Targets[1].MeanSquaredError);
    }

    [Fact]
    public void MismatchedOrEmptyInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => RegressionEvaluation.Compute<double>([1, 2], [1, 2, 3], 1));
        Assert.Throws<ArgumentException>(() => RegressionEvaluation.Compute<double>([1, 2, 3], [1, 2, 3], 2));
        Assert.Throws<ArgumentException>(() => RegressionEvaluation.Compute<double>([], [], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RegressionEvaluation.Compute<double>([1], [1], 0));
    }
}
