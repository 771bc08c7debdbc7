using VectorNN.Data;
using VectorNN.Kernels;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Training;
using Xunit;

namespace VectorNN.Tests.Training;

/// <summary>
/// The per-call thread limits (TrainingOptions.MaxDegreeOfParallelism, Network.Predict's overload): in force on the
/// calling thread while the call runs, the process default before and after, and the same results whatever the limit.
/// </summary>
public sealed class ParallelismOptionTests
{
    private static Network<double> Iris()
    {
        var network = new Network<double>(4, new LayerSpec(16, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Glorot(), 3);
        return network;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Trainer_AppliesItsLimitOnTheTrainingThread_AndLeavesTheProcessDefault(int threads)
    {
        Dataset<double> train = IrisFiles.Train<double>();
        int processDefault = Parallelism.MaxThreads;
        var seen = new HashSet<int>();
        var options = new TrainingOptions { Loss = Loss.CrossEntropy, Epochs = 2, BatchSize = 32, MaxDegreeOfParallelism = threads };
        new Trainer<double>(Iris(), new Sgd<double>(0.05), options).Fit(train, batchProgress: new SynchronousProgress<BatchReport>(_ => seen.Add(Parallelism.Current)));

        Assert.Equal([threads], seen);
        Assert.Equal(processDefault, Parallelism.MaxThreads);
        Assert.Equal(processDefault, Parallelism.Current);
    }

    [Fact]
    public void Trainer_ByDefault_UsesTheProcessDefault()
    {
        var seen = new HashSet<int>();
        var options = new TrainingOptions { Loss = Loss.CrossEntropy, BatchSize = 32 };
        new Trainer<double>(Iris(), new Sgd<double>(0.05), options).Fit(IrisFiles.Train<double>(), batchProgress: new SynchronousProgress<BatchReport>(_ => seen.Add(Parallelism.Current)));

        Assert.Equal([Parallelism.MaxThreads], seen);
    }

    [Fact]
    public void Trainer_GivesTheSameWeightsWithOneThreadAndWithTheDefault()
    {
        Dataset<double> train = IrisFiles.Train<double>();
        var options = new TrainingOptions { Loss = Loss.CrossEntropy, Epochs = 3, BatchSize = 64, Seed = 5 };
        Network<double> one = Iris(), all = Iris();
        new Trainer<double>(one, new Adam<double>(0.01), options with { MaxDegreeOfParallelism = 1 }).Fit(train);
        new Trainer<double>(all, new Adam<double>(0.01), options).Fit(train);

        Assert.Equal(all.GetParameters(), one.GetParameters());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void MaxDegreeOfParallelism_BelowOneAndNotMinusOne_IsRejected(int threads)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(
            () => new Trainer<double>(Iris(), new Sgd<double>(0.05), new TrainingOptions { MaxDegreeOfParallelism = threads }));
        Assert.Equal("MaxDegreeOfParallelism", e.ParamName);

        var p = Assert.Throws<ArgumentOutOfRangeException>(() => Iris().Predict(new double[8], 2, new double[6], threads));
        Assert.Equal("maxDegreeOfParallelism", p.ParamName);
    }

    [Fact]
    public void Predict_WithALimit_GivesTheDefaultsOutputs_AndRestoresTheThreadsLimit()
    {
        // A batch large enough for the GEMM to split between threads by default.
        Network<double> network = new(64, new LayerSpec(256, Activation.Relu), new LayerSpec(10, Activation.Softmax));
        network.Initialize(new WeightInit.He(), 9);
        const int Batch = 256;
        double[] inputs = [.. Enumerable.Range(0, Batch * 64).Select(i => Math.Sin(i * 0.37))];
        double[] byDefault = new double[Batch * 10], single = new double[Batch * 10];
        network.Predict(inputs, Batch, byDefault);
        network.Predict(inputs, Batch, single, maxDegreeOfParallelism: 1);

        Assert.Equal(byDefault, single);
        Assert.Equal(Parallelism.MaxThreads, Parallelism.Current);
    }
}
