using VectorNN.Memory;
using VectorNN.Optim;
using Xunit;

namespace VectorNN.Tests.Optim;

public sealed class OptimizerArgumentTests
{
    public static TheoryData<string, Action> OutOfRange => new()
    {
        { "learningRate", () => _ = new Sgd<float>(-0.1) },
        { "learningRate", () => _ = new Adam<float>(double.NaN) },
        { "momentum", () => _ = new Momentum<float>(0.1, momentum: 1) },
        { "momentum", () => _ = new Momentum<double>(0.1, momentum: -0.5) },
        { "momentum", () => _ = new Momentum<double>(0.1, momentum: double.NaN) },
        { "beta1", () => _ = new Adam<float>(beta1: 1) },
        { "beta1", () => _ = new AdamW<double>(beta1: -1e-3) },
        { "beta2", () => _ = new Adam<double>(beta2: 1.5) },
        { "beta2", () => _ = new AdamW<float>(beta2: double.NaN) },
        { "epsilon", () => _ = new Adam<float>(epsilon: 0) },
        { "epsilon", () => _ = new Adam<double>(epsilon: -1e-8) },
        { "epsilon", () => _ = new AdamW<double>(epsilon: double.PositiveInfinity) },
        { "epsilon", () => _ = new AdamW<float>(epsilon: double.NaN) },
        { "weightDecay", () => _ = new AdamW<float>(weightDecay: -0.01) },
        { "LearningRate", () => new Sgd<float>(0.1).LearningRate = double.PositiveInfinity },
        { "WeightDecay", () => new Adam<float>().WeightDecay = -1 },
        { "MaxGradientNorm", () => new Momentum<double>(0.1).MaxGradientNorm = 0 },
        { "MaxGradientNorm", () => new Momentum<double>(0.1).MaxGradientNorm = double.NaN },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void BadHyperparameters_Throw_NamingTheParameter_AndStatingExpectedAndGiven(string paramName, Action create)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(create);
        Assert.Equal(paramName, e.ParamName);
        Assert.Contains("Expected", e.Message);
        Assert.Contains("got", e.Message);
    }

    [Fact]
    public void RangeEnds_AreAccepted()
    {
        _ = new Momentum<float>(0, momentum: 0);
        _ = new Adam<float>(0, beta1: 0, beta2: 0, epsilon: double.Epsilon);
        _ = new AdamW<double>(weightDecay: 0);
    }

    [Fact]
    public void NullArena_Throws()
    {
        var e = Assert.Throws<ArgumentNullException>(() => new Sgd<float>(0.1).Step(null!, []));
        Assert.Equal("arena", e.ParamName);
    }

    [Fact]
    public void GradientsOfAnotherLength_Throw_AndLeaveTheParametersAsTheyWere()
    {
        var arena = new ParameterArena<float>([3, 5, 2]);
        var e = Assert.Throws<ArgumentException>(() => new Sgd<float>(0.1).Step(arena, new float[arena.Count - 1]));
        Assert.Equal("gradients", e.ParamName);
        Assert.Contains($"Expected {arena.Count} gradients", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASecondArenaOfAnotherSize_Throws_UntilReset()
    {
        var first = new ParameterArena<float>([3, 5, 2]);
        var second = new ParameterArena<float>([4, 5, 2]);
        foreach (Optimizer<float> optimizer in new Optimizer<float>[] { new Sgd<float>(0.1), new Momentum<float>(0.1), new Adam<float>(), new AdamW<float>() })
        {
            optimizer.Step(first, new float[first.Count]);
            float[] before = second.Values.ToArray();
            var e = Assert.Throws<ArgumentException>(() => optimizer.Step(second, new float[second.Count]));
            Assert.Equal("arena", e.ParamName);
            Assert.Contains(first.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
            Assert.Equal(before, second.Values.ToArray());
            Assert.Equal(1, optimizer.StepCount);

            optimizer.Reset();
            Assert.Equal(0, optimizer.StepCount);
            optimizer.Step(second, new float[second.Count]);
            optimizer.Step(second, new float[second.Count]);
            Assert.Equal(2, optimizer.StepCount);
        }
    }
}
