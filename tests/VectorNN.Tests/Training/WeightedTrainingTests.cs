using VectorNN.Data;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Training;
using Xunit;

namespace VectorNN.Tests.Training;

/// <summary>Training on sample weights and the class weights derived from them.</summary>
public sealed class WeightedTrainingTests
{
    private static readonly double[] Inputs = [0.5, -1, 2, 1.5, 0.25, -0.75, -0.5, 1];

    private static Network<double> Fresh()
    {
        var network = new Network<double>(2, new LayerSpec(3, Activation.Tanh), new LayerSpec(2, Activation.Softmax));
        network.Initialize(new WeightInit.Glorot(), 9);
        return network;
    }

    [Fact]
    public void IntegerWeights_TrainAsRepeatedSamples()
    {
        // Weight 3 on a sample is the same loss as the sample three times: full batches in data order, so both runs
        // take the same steps. Tolerance: the two sums of 4 and 6 terms round differently, a few ulps of order-one values.
        int[] labels = [0, 1, 1, 0];
        var weighted = Dataset<double>.FromLabels(Inputs, 2, labels, 2).WithSampleWeights([1, 3, 1, 1]);
        double[] repeatedInputs = [.. Inputs[..4], .. Inputs[2..4], .. Inputs[2..4], .. Inputs[4..]];
        var repeated = Dataset<double>.FromLabels(repeatedInputs, 2, [0, 1, 1, 1, 1, 0], 2);

        Network<double> a = Fresh();
        Network<double> b = Fresh();
        var options = new TrainingOptions { Loss = Loss.CrossEntropy, Epochs = 5, Shuffle = false };
        IReadOnlyList<EpochReport> ra = new Trainer<double>(a, new Sgd<double>(0.5), options with { BatchSize = 4 }).Fit(weighted);
        IReadOnlyList<EpochReport> rb = new Trainer<double>(b, new Sgd<double>(0.5), options with { BatchSize = 6 }).Fit(repeated);

        double[] pa = a.GetParameters();
        double[] pb = b.GetParameters();
        for (int i = 0; i < pa.Length; i++)
        {
            Assert.Equal(pb[i], pa[i], 1e-13);
        }

        Assert.Equal(rb[^1].TrainLoss, ra[^1].TrainLoss, 1e-13);
    }

    [Fact]
    public void ShuffledBatches_GatherEachSamplesOwnWeight()
    {
        // Batches of one: each step's loss is its sample's loss whatever the weight, so a weighted run differs from the
        // plain one only through the step sizes w_s / w_s = 1: identical. With batches of two the weights must follow
        // their samples through the shuffle: the epoch loss then equals the weighted mean of the samples' losses.
        int[] labels = [0, 1, 1, 0];
        var plain = Dataset<double>.FromLabels(Inputs, 2, labels, 2);
        var weighted = plain.WithSampleWeights([0.5, 4, 1, 2]);
        Network<double> a = Fresh();
        Network<double> b = Fresh();
        var options = new TrainingOptions { Loss = Loss.CrossEntropy, Epochs = 2, BatchSize = 1, Seed = 3 };
        new Trainer<double>(a, new Sgd<double>(0.1), options).Fit(plain);
        new Trainer<double>(b, new Sgd<double>(0.1), options).Fit(weighted);
        Assert.Equal(a.GetParameters(), b.GetParameters());

        // Learning rate 0: the parameters stay, so each epoch's loss is the weighted mean at the start.
        Network<double> c = Fresh();
        var pass = new Backpropagation<double>(c, Loss.CrossEntropy, 1);
        double expected = 0;
        double[] w = [0.5, 4, 1, 2];
        for (int s = 0; s < 4; s++)
        {
            expected += w[s] * pass.ComputeLoss(Inputs.AsSpan(s * 2, 2), plain.Target(s), 1);
        }

        expected /= w.Sum();
        IReadOnlyList<EpochReport> reports = new Trainer<double>(c, new Sgd<double>(0), options with { BatchSize = 2 }).Fit(weighted);
        Assert.Equal(expected, reports[0].TrainLoss, 1e-14);
    }

    [Fact]
    public void Balanced_IsSamplesOverClassesTimesCount()
    {
        // 6 samples, 3 classes with 3, 2 and 1 samples: 6 / (3 * 3), 6 / (3 * 2), 6 / (3 * 1).
        Assert.Equal([2.0 / 3, 1.0, 2.0], ClassWeights.Balanced([0, 1, 0, 2, 1, 0], 3));
        var data = Dataset<float>.FromLabels(new float[6], 1, [0, 1, 0, 2, 1, 0], 3);
        Assert.Equal([2.0 / 3, 1.0, 2.0], ClassWeights.Balanced(data));
        Assert.Equal([1f, 2f, 1f, 3f, 2f, 1f], ClassWeights.ToSampleWeights(data, [1.0, 2.0, 3.0]));
    }

    [Fact]
    public void BadClassOrSampleWeights_AreRefused()
    {
        var data = Dataset<float>.FromLabels(new float[3], 1, [0, 1, 0], 3);
        Assert.Contains("Class 2 has no samples", Assert.Throws<ArgumentException>(() => ClassWeights.Balanced(data)).Message, StringComparison.Ordinal);
        Assert.Contains("Expected 3 class weights", Assert.Throws<ArgumentException>(() => ClassWeights.ToSampleWeights(data, [1.0, 2.0])).Message, StringComparison.Ordinal);
        Assert.Contains("Class 1", Assert.Throws<ArgumentException>(() => ClassWeights.ToSampleWeights(data, [1.0, 0.0, 1.0])).Message, StringComparison.Ordinal);
        Assert.Contains("Sample 2", Assert.Throws<ArgumentException>(() => data.WithSampleWeights([1f, 1f, -1f])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => data.WithSampleWeights([1f, 1f]));
    }
}
