using VectorNN.Optim;
using Xunit;

namespace VectorNN.Tests.Optim;

/// <summary>Each schedule's rates, epoch by epoch, against values worked by hand from its documented formula.</summary>
public sealed class LearningRateScheduleTests
{
    // The hand values are written to 1e-12 relative or better; the formulas take a few roundings, far below that.
    private const double Tolerance = 1e-12;

    private static double[] Rates(ILearningRateSchedule schedule, double initial, int epochs) =>
        [.. Enumerable.Range(1, epochs).Select(e => schedule.LearningRate(e, initial))];

    private static void Near(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance * Math.Abs(expected[i]), $"epoch {i + 1}: expected {expected[i]}, got {actual[i]}");
        }
    }

    [Fact]
    public void StepDecay_HalvesEveryTwoEpochs() =>
        Near([0.1, 0.1, 0.05, 0.05, 0.025], Rates(new StepDecay(every: 2, gamma: 0.5), 0.1, 5));

    [Fact]
    public void ExponentialDecay_MultipliesEveryEpoch() =>
        Near([0.2, 0.18, 0.162, 0.1458], Rates(new ExponentialDecay(gamma: 0.9), 0.2, 4));

    [Fact]
    public void CosineAnnealing_FallsFromTheRateTowardsTheMinimum_AndStaysThere()
    {
        // rate(e) = min + (r0 - min)(1 + cos(pi (e - 1) / 4)) / 2 for e = 1..4; cos(pi/4) = 0.70710678118654752.
        Near([0.1, 0.1 * 1.70710678118654752 / 2, 0.05, 0.1 * 0.29289321881345248 / 2, 0, 0], Rates(new CosineAnnealing(epochs: 4), 0.1, 6));
    }

    [Fact]
    public void CosineAnnealing_WithWarmUp_RisesLinearlyThenAnneals()
    {
        // Warm-up e / 2 x r0 for e = 1, 2; then min + (r0 - min)(1 + cos(pi (e - 3) / 4)) / 2 for e = 3..6 with min 0.01.
        Near(
            [0.05, 0.1, 0.1, 0.01 + (0.09 * 1.70710678118654752 / 2), 0.055, 0.01 + (0.09 * 0.29289321881345248 / 2), 0.01],
            Rates(new CosineAnnealing(epochs: 6, minRate: 0.01, warmupEpochs: 2), 0.1, 7));
    }

    [Fact]
    public void ReduceOnPlateau_CutsTheRateAfterPatienceEpochsWithoutImprovement()
    {
        var schedule = new ReduceOnPlateau(factor: 0.5, patience: 2, minRate: 0.02, minDelta: 0.01);
        double[] losses = [1.0, 0.9, 0.895, 0.95, 0.8, 0.85, 0.85, 0.85, 0.85, 0.85];
        var rates = new List<double>();
        for (int e = 1; e <= losses.Length; e++)
        {
            rates.Add(schedule.LearningRate(e, 0.1));
            schedule.Observe(e, losses[e - 1]);
        }

        // Epoch 3 improves by less than 0.01 and epoch 4 not at all: two bad epochs, so epoch 5 runs at 0.05. Epoch 5
        // improves; 6 and 7 do not (0.025 from epoch 8); 8 and 9 do not: 0.0125 is below the minimum, so 0.02.
        Near([0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.02], [.. rates]);
        Assert.Equal(0.8, schedule.BestLoss);
        Assert.Equal(1, schedule.BadEpochs);
    }

    [Fact]
    public void ReduceOnPlateau_StateRoundTrips_AndAnEmptyStateStartsAfresh()
    {
        var schedule = new ReduceOnPlateau(factor: 0.5, patience: 1);
        schedule.LearningRate(1, 0.1);
        schedule.Observe(1, 1.0);
        schedule.Observe(2, 2.0);
        var copy = new ReduceOnPlateau(factor: 0.5, patience: 1);
        ((ILearningRateSchedule)copy).Restore(((ILearningRateSchedule)schedule).State);
        Assert.Equal(0.05, copy.LearningRate(3, 0.1));
        Assert.Equal(1.0, copy.BestLoss);

        ((ILearningRateSchedule)copy).Restore([]);
        Assert.Equal(0.1, copy.LearningRate(1, 0.1));
        Assert.Equal(double.PositiveInfinity, copy.BestLoss);
    }

    [Fact]
    public void ReduceOnPlateau_RefusesAStateWithoutItsKeys() =>
        Assert.Throws<ArgumentException>(() => ((ILearningRateSchedule)new ReduceOnPlateau()).Restore([new("rate", 0.1)]));

    [Fact]
    public void Parameters_OutOfRange_AreRefusedWithTheirRange()
    {
        Assert.Contains("every", Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecay(every: 0, gamma: 0.5)).Message, StringComparison.Ordinal);
        Assert.Contains("(0, 1]", Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecay(every: 2, gamma: 1.5)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialDecay(gamma: double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealing(epochs: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealing(epochs: 5, warmupEpochs: 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealing(epochs: 5, minRate: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceOnPlateau(factor: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceOnPlateau(patience: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceOnPlateau(minDelta: double.NaN));
    }
}
