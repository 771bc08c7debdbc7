using VectorNN.Kernels;
using VectorNN.Layers;
using Xunit;

namespace VectorNN.Tests.Layers;

/// <summary>
/// One sample through a network whose large layers are split between threads in one hand-off: the same bits as the
/// layer-by-layer path on one thread, for every activation (those applied inside a part and those applied to the
/// whole layer after it), widths that do not divide into the parts, and callers that meet on a busy pool.
/// </summary>
public sealed class OneSampleForwardTests
{
    public static TheoryData<Activation, int, int> Layers => new()
    {
        { Activation.Relu, 784, 256 },
        { Activation.Relu, 130, 131 },        // 131 rows: parts of 72 and 59
        { Activation.LeakyRelu, 200, 97 },
        { Activation.Identity, 129, 200 },
        { Activation.Tanh, 300, 101 },        // not exact per element: its own phase after the split layer
        { Activation.Logistic, 257, 77 },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void Predict_OneSample_IsBitIdenticalOnOneThreadAndOnAll(Activation hidden, int inputs, int width)
    {
        var network = new Network<float>(inputs, new LayerSpec(width, hidden), new LayerSpec(width + 3, hidden), new LayerSpec(10, Activation.Softmax));
        network.Initialize(new WeightInit.He(), seed: (ulong)width);
        var doubles = new Network<double>(inputs, new LayerSpec(width, hidden), new LayerSpec(150, hidden), new LayerSpec(7, Activation.Identity));
        doubles.Initialize(new WeightInit.He(), seed: (ulong)inputs);

        for (int sample = 0; sample < 20; sample++)
        {
            float[] x = [.. Enumerable.Range(0, inputs).Select(i => MathF.Sin((i + 1) * (sample + 0.3f)))];
            float[] one = new float[10], all = new float[10];
            network.Predict(x, 1, one, maxDegreeOfParallelism: 1);
            network.Predict(x, 1, all);
            Assert.Equal(one, all);

            double[] xd = [.. x.Select(v => (double)v)];
            double[] oneD = new double[7], allD = new double[7];
            doubles.Predict(xd, 1, oneD, maxDegreeOfParallelism: 1);
            doubles.Predict(xd, 1, allD);
            Assert.Equal(oneD, allD);
        }
    }

    [Fact]
    public void Predict_OneSample_FromManyThreadsAtOnce_GivesEachTheSingleThreadedResult()
    {
        // Layers large enough to split, so concurrent callers meet on the worker pool: a caller that finds it busy
        // runs every part itself, taking the parts of a seat whose thread never arrives.
        const int Inputs = 300, Outputs = 10, Samples = 16;
        var network = new Network<float>(Inputs, new LayerSpec(200, Activation.Relu), new LayerSpec(100, Activation.Tanh), new LayerSpec(Outputs, Activation.Softmax));
        network.Initialize(new WeightInit.He(), seed: 3);
        float[] inputs = [.. Enumerable.Range(0, Samples * Inputs).Select(i => MathF.Cos(i * 0.11f))];
        var expected = new float[Samples * Outputs];
        for (int s = 0; s < Samples; s++)
        {
            network.Predict(inputs.AsSpan(s * Inputs, Inputs), 1, expected.AsSpan(s * Outputs, Outputs), maxDegreeOfParallelism: 1);
        }

        Parallel.For(0, 6, new ParallelOptions { MaxDegreeOfParallelism = 6 }, t =>
        {
            var output = new float[Outputs];
            for (int round = 0; round < 300; round++)
            {
                int s = (round + t) % Samples;
                network.Predict(inputs.AsSpan(s * Inputs, Inputs), output);
                Assert.Equal(expected.AsSpan(s * Outputs, Outputs).ToArray(), output);
            }
        });
    }
}
