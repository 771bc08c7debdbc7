using MathNet.Numerics.LinearAlgebra;
using VectorNN.Layers;
using VectorNN.Tests.Oracles;
using Xunit;

namespace VectorNN.Tests.Layers;

/// <summary>
/// One sample through a large layer and the next one in parts (LayerPairForward): each part's rows of the first layer
/// and its columns of the second, whose partial sums the caller adds. The shapes cover two parts with a short last one
/// (300 rows: 160 + 140), eight parts, the second layer's column blocks on both GEMV paths (in blocks up to 48 KiB, by
/// rows beyond), a pair that ends the network, and two pairs in one network.
/// </summary>
[Collection(SequentialCollection.Name)]
public sealed class LayerPairForwardTests
{
    public static TheoryData<int, Activation[], int[]> Shapes => new()
    {
        { 784, [Activation.Relu, Activation.Relu, Activation.Softmax], [256, 128, 10] },
        { 300, [Activation.LeakyRelu, Activation.Tanh, Activation.Identity], [300, 40, 3] },
        { 70, [Activation.Identity, Activation.Logistic], [1024, 7] },
        { 600, [Activation.Relu, Activation.LeakyRelu, Activation.Relu, Activation.Softmax], [256, 300, 300, 2] },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void OneSample_MatchesTheReferenceModel(int inputs, Activation[] activations, int[] widths)
    {
        Network<double> network = Build<double>(inputs, activations, widths);
        var reference = new ReferenceNetwork([inputs, .. widths], Array.ConvertAll(activations, a => a.Reference()));
        reference.SetParameters(network.GetParameters());
        double[] x = Input(inputs);
        Vector<double> expected = reference.Forward(Matrix<double>.Build.DenseOfRowArrays(x)).Row(0);
        var output = new double[widths[^1]];
        network.Predict(x, output);

        // Each output is a few hundred to a thousand products of order-one values per layer summed in another order:
        // the same bound as the one-sample property of NetworkTests, which a lost or twice-added partial sum exceeds by far.
        double scale = Math.Max(1, expected.AbsoluteMaximum());
        for (int k = 0; k < output.Length; k++)
        {
            Assert.True(Math.Abs(output[k] - expected[k]) <= 1e-12 * scale, $"output {k}: {output[k]:R} against {expected[k]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void OneSample_IsTheSameOnOneAndTwoThreads(int inputs, Activation[] activations, int[] widths)
    {
        SameOnOneAndTwoThreads<float>(inputs, activations, widths);
        SameOnOneAndTwoThreads<double>(inputs, activations, widths);
    }

    private static void SameOnOneAndTwoThreads<T>(int inputs, Activation[] activations, int[] widths)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        Network<T> network = Build<T>(inputs, activations, widths);
        T[] x = Array.ConvertAll(Input(inputs), T.CreateTruncating);
        var one = new T[widths[^1]];
        var two = new T[widths[^1]];
        for (int call = 0; call < 20; call++)
        {
            network.Predict(x, 1, one, maxDegreeOfParallelism: 1);
            network.Predict(x, 1, two, maxDegreeOfParallelism: 2);
            Assert.Equal(one, two);
        }
    }

    private static Network<T> Build<T>(int inputs, Activation[] activations, int[] widths)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var network = new Network<T>(inputs, widths.Select((w, i) => new LayerSpec(w, activations[i])).ToArray());
        network.Initialize(new WeightInit.He(), seed: 11);
        return network;
    }

    private static double[] Input(int inputs)
    {
        var random = new Random(5);
        return Enumerable.Range(0, inputs).Select(_ => (2 * random.NextDouble()) - 1).ToArray();
    }
}
