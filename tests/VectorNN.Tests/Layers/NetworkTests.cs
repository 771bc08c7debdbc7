using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathNet.Numerics.LinearAlgebra;
using VectorNN.Layers;
using VectorNN.Memory;
using VectorNN.Tests.Oracles;
using Xunit;

namespace VectorNN.Tests.Layers;

public sealed class NetworkTests
{
    [Property(Arbitrary = new[] { typeof(NetworkCases) }, MaxTest = 100)]
    public void Predict_OneSampleAndBatch_MatchTheReferenceModel(NetworkCase c)
    {
        Network<double> network = c.Build<double>();
        Matrix<double> expected = c.ReferenceNetwork().Forward(c.InputMatrix());
        var batch = new double[c.Batch * c.Outputs];
        network.Predict(c.Inputs, c.Batch, batch);
        var one = new double[c.Outputs];
        int inputs = c.Widths[0];

        // As in the back-propagation property: a few roundings of values of order one per layer, in another order.
        double scale = Math.Max(1, expected.Enumerate().Max(Math.Abs));
        for (int s = 0; s < c.Batch; s++)
        {
            network.Predict(c.Inputs.AsSpan(s * inputs, inputs), one);
            for (int k = 0; k < c.Outputs; k++)
            {
                double e = expected[s, k];
                Assert.True(Math.Abs(batch[(s * c.Outputs) + k] - e) <= 1e-12 * scale, $"{c}: batch output [{s}, {k}]");
                Assert.True(Math.Abs(one[k] - e) <= 1e-12 * scale, $"{c}: single output [{s}, {k}]");
            }
        }
    }

    [Fact]
    public void Predict_FromManyThreadsAtOnce_GivesEachThreadTheSingleThreadedResult()
    {
        // The first layer is large enough that a batch of all samples (2 * 64 * 300 * 40 FLOP) splits its GEMM
        // between threads, so concurrent callers also meet on the worker pool.
        const int Inputs = 40, Outputs = 5, Samples = 64, MaxBatch = 8;
        var network = new Network<float>(Inputs, new LayerSpec(300, Activation.Tanh), new LayerSpec(17, Activation.Relu), new LayerSpec(Outputs, Activation.Softmax));
        network.Initialize(new WeightInit.Glorot(), seed: 7);
        float[] inputs = Enumerable.Range(0, Samples * Inputs).Select(i => MathF.Sin(i * 0.37f)).ToArray();
        var expected = new float[Samples * Outputs];
        for (int s = 0; s < Samples; s++)
        {
            network.Predict(inputs.AsSpan(s * Inputs, Inputs), expected.AsSpan(s * Outputs, Outputs));
        }

        // Batches go through GEMM, whose summation order differs from the one-sample GEMV: their references are
        // batches predicted on this thread beforehand.
        float[] Batch(int start, int count)
        {
            var outputs = new float[count * Outputs];
            network.Predict(inputs.AsSpan(start * Inputs, count * Inputs), count, outputs);
            return outputs;
        }

        float[][][] expectedBatches = Enumerable.Range(0, Samples - MaxBatch)
            .Select(s => Enumerable.Range(1, MaxBatch).Select(b => Batch(s, b)).ToArray()).ToArray();
        float[] expectedAll = Batch(0, Samples);

        // Eight threads, each predicting samples many times, one at a time, in batches of 1 to 8 and all at once: a
        // shared scratch buffer or GEMM workspace would mix samples between threads and show as a mismatch.
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            var output = new float[Samples * Outputs];
            for (int round = 0; round < 200; round++)
            {
                int s = (round * 7 + t) % (Samples - MaxBatch);
                network.Predict(inputs.AsSpan(s * Inputs, Inputs), output.AsSpan(0, Outputs));
                Assert.Equal(expected.AsSpan(s * Outputs, Outputs).ToArray(), output.AsSpan(0, Outputs).ToArray());

                int b = 1 + ((round + t) % MaxBatch);
                network.Predict(inputs.AsSpan(s * Inputs, b * Inputs), b, output.AsSpan(0, b * Outputs));
                Assert.Equal(expectedBatches[s][b - 1], output.AsSpan(0, b * Outputs).ToArray());

                if (round % 10 == t % 10)
                {
                    network.Predict(inputs, Samples, output);
                    Assert.Equal(expectedAll, output);
                }
            }
        });
    }

    [Fact]
    public void Widths_AreTheInputWidthThenEachLayersUnits()
    {
        var network = new Network<float>(5, new LayerSpec(7, Activation.Relu), new LayerSpec(2, Activation.Softmax));
        Assert.Equal([5, 7, 2], network.Widths.ToArray());
    }

    [Fact]
    public void Unfreeze_UndoesFreeze_ForTheGivenGroupsOnly()
    {
        var network = new Network<double>(3, new LayerSpec(4, Activation.Tanh), new LayerSpec(2, Activation.Identity));
        network.Freeze(0, ParameterGroups.All);
        network.Unfreeze(0, ParameterGroups.Weights);

        Assert.Equal(ParameterGroups.Biases, network.Parameters.FrozenGroups(0));
        Assert.Equal(network.ParameterCount - 4, network.Parameters.TrainableCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => network.Unfreeze(2, ParameterGroups.Weights));
    }

    [Fact]
    public void Layout_IsWeightsRowMajorThenBiasPerLayer()
    {
        var network = new Network<double>(3, new LayerSpec(2, Activation.Identity), new LayerSpec(1, Activation.Identity));
        double[] values = Enumerable.Range(1, network.ParameterCount).Select(i => (double)i).ToArray();
        network.SetParameters(values);
        ParameterArena<double> p = network.Parameters;

        Assert.Equal(11, network.ParameterCount);
        Assert.Equal([1.0, 2, 3, 4, 5, 6], p.Weights(0).ToArray());
        Assert.Equal([7.0, 8], p.Biases(0).ToArray());
        Assert.Equal([9.0, 10], p.Weights(1).ToArray());
        Assert.Equal([11.0], p.Biases(1).ToArray());
        Assert.Equal(values, network.GetParameters());

        // Row r of W holds the weights into output r: y0 = 1*x0 + 2*x1 + 3*x2 + 7 for x = (1, 0, 0).
        var y = new double[1];
        network.Predict([1.0, 0, 0], y);
        Assert.Equal((9 * (1 + 7)) + (10 * (4 + 8)) + 11, y[0]);
    }

    [Fact]
    public void Initialize_IsDeterministicPerSeed_AndWithinEachSchemesBounds()
    {
        var a = new Network<double>(4, new LayerSpec(5, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        var b = new Network<double>(4, new LayerSpec(5, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        a.Initialize(new WeightInit.Uniform(-0.01, 0.01), seed: 3);
        b.Initialize(new WeightInit.Uniform(-0.01, 0.01), seed: 3);
        Assert.Equal(a.GetParameters(), b.GetParameters());
        Assert.All(a.GetParameters(), w => Assert.InRange(w, -0.01, 0.01));
        Assert.True(a.GetParameters().Distinct().Count() > a.ParameterCount - 2, "values should differ from one another");

        b.Initialize(new WeightInit.Uniform(-0.01, 0.01), seed: 4);
        Assert.NotEqual(a.GetParameters(), b.GetParameters());

        a.Initialize(new WeightInit.Glorot(), seed: 1);
        Assert.All(a.Parameters.Weights(0).ToArray(), w => Assert.InRange(Math.Abs(w), 0, Math.Sqrt(6.0 / 9)));
        Assert.All(a.Parameters.Biases(0).ToArray(), v => Assert.Equal(0, v));
        a.Initialize(new WeightInit.He(), seed: 1);
        Assert.All(a.Parameters.Weights(1).ToArray(), w => Assert.InRange(Math.Abs(w), 0, Math.Sqrt(6.0 / 5)));

        // The spread fills the allowed range rather than a corner of it.
        Assert.True(a.Parameters.Weights(0).ToArray().Max() > 0.5 * Math.Sqrt(6.0 / 4));
    }

    [Fact]
    public void SetParameters_WithNonFiniteValueOrWrongLength_ThrowsAndLeavesTheNetworkUnchanged()
    {
        var network = new Network<float>(2, new LayerSpec(2, Activation.Logistic));
        network.Initialize(new WeightInit.Uniform(-1, 1), seed: 1);
        float[] before = network.GetParameters();

        var bad = new float[6];
        bad[4] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => network.SetParameters(bad));
        Assert.Equal("values", e.ParamName);
        Assert.Contains("index 4", e.Message);
        e = Assert.Throws<ArgumentException>(() => network.SetParameters(new float[5]));
        Assert.Contains("Expected 6", e.Message);
        Assert.Contains("got 5", e.Message);
        Assert.Equal(before, network.GetParameters());
    }

    [Fact]
    public void Constructor_RejectsBadArchitectures_NamingTheLayer()
    {
        Assert.Equal("layers", Assert.Throws<ArgumentException>(() => new Network<float>(4)).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => new Network<float>(0, new LayerSpec(3, Activation.Tanh))).ParamName);
        var e = Assert.Throws<ArgumentException>(() => new Network<float>(4, new LayerSpec(0, Activation.Tanh)));
        Assert.Contains("Layer 0", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Network<float>(4, new LayerSpec(3, Activation.Softmax), new LayerSpec(3, Activation.Softmax)));
        Assert.Contains("softmax", e.Message);
        Assert.Throws<ArgumentException>(() => new Network<float>(4, new LayerSpec(3, (Activation)42)));
        Assert.Throws<NotSupportedException>(() => new Network<Half>(4, new LayerSpec(3, Activation.Tanh)));
    }

    [Fact]
    public void Predict_WithWrongLengths_ThrowsWithExpectedAndGiven()
    {
        var network = new Network<double>(4, new LayerSpec(3, Activation.Softmax));
        var e = Assert.Throws<ArgumentException>(() => network.Predict(new double[5], new double[3]));
        Assert.Equal("inputs", e.ParamName);
        Assert.Contains("Expected 4 inputs, got 5", e.Message);
        e = Assert.Throws<ArgumentException>(() => network.Predict(new double[8], 2, new double[3]));
        Assert.Equal("outputs", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => network.Predict(new double[0], 0, new double[0]));
    }

    [Fact]
    public void Freeze_RemovesTheGroupFromTheTrainableRuns()
    {
        var network = new Network<float>(2, new LayerSpec(2, Activation.Logistic), new LayerSpec(2, Activation.Logistic));
        Assert.Equal([new Range(0, 12)], network.Parameters.TrainableRanges.ToArray());

        network.Freeze(0, ParameterGroups.Biases);
        network.Freeze(1, ParameterGroups.Biases);
        Assert.Equal([new Range(0, 4), new Range(6, 10)], network.Parameters.TrainableRanges.ToArray());
        Assert.Equal(8, network.Parameters.TrainableCount);

        network.Parameters.Unfreeze(0, ParameterGroups.Biases);
        network.Freeze(1, ParameterGroups.All);
        Assert.Equal([new Range(0, 6)], network.Parameters.TrainableRanges.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => network.Freeze(2, ParameterGroups.Weights));
        Assert.Throws<ArgumentOutOfRangeException>(() => network.Freeze(0, (ParameterGroups)8));
    }
}
