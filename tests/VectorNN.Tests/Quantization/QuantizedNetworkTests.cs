using VectorNN.Kernels;
using VectorNN.Layers;
using VectorNN.Quantization;
using VectorNN.Tests.Oracles;
using Xunit;
using Xunit.Abstractions;

namespace VectorNN.Tests.Quantization;

public sealed class QuantizedNetworkTests(ITestOutputHelper output)
{
    private static readonly Activation[] Hidden = [Activation.Identity, Activation.Logistic, Activation.Tanh, Activation.Relu, Activation.LeakyRelu];

    [Fact]
    public void EveryOutput_IsWithinTheDerivedBound_OfTheFloatNetwork_OnRandomNetworks()
    {
        var random = new Random(13);
        double worst = 0;
        for (int trial = 0; trial < 60; trial++)
        {
            int depth = random.Next(1, 4);
            var layers = new LayerSpec[depth];
            for (int i = 0; i < depth; i++)
            {
                Activation activation = i == depth - 1 && random.Next(2) == 0 ? Activation.Softmax : Hidden[random.Next(Hidden.Length)];
                layers[i] = new LayerSpec(random.Next(1, 80), activation);
            }

            var network = new Network<float>(random.Next(1, 150), layers);
            network.Initialize(new WeightInit.Uniform(-1, 1), (ulong)trial);
            QuantizedNetwork quantized = Quantizer.Quantize(network);
            const int batch = 5;
            float[] inputs = [.. Enumerable.Range(0, batch * network.InputCount).Select(_ => (float)((random.NextDouble() * 6) - 2))];
            var expected = new float[batch * network.OutputCount];
            var actual = new float[expected.Length];
            var single = new float[network.OutputCount];
            network.Predict(inputs, batch, expected);
            quantized.Predict(inputs, batch, actual);
            for (int n = 0; n < batch; n++)
            {
                ReadOnlySpan<float> input = inputs.AsSpan(n * network.InputCount, network.InputCount);
                double[] bound = QuantizationErrorBound.Of(network, input);
                quantized.Predict(input, single);
                for (int r = 0; r < network.OutputCount; r++)
                {
                    int i = (n * network.OutputCount) + r;
                    double error = Math.Abs(actual[i] - expected[i]);
                    Assert.True(error <= bound[r], $"trial {trial} ({network.InputCount}-{string.Join('-', layers.Select(l => $"{l.Units}{l.Activation}"))}), sample {n}, output {r}: |{actual[i]} - {expected[i]}| = {error} > bound {bound[r]}");
                    Assert.Equal(actual[i], single[r]); // one sample or a batch: the same integer sums and float steps
                    worst = Math.Max(worst, error / bound[r]);
                }
            }
        }

        output.WriteLine($"largest error / bound: {worst:F3}");
    }

    [Fact]
    public void Predict_IsExact_WhenWeightsAndInputsLieOnTheirGrids()
    {
        // Weights m / 64 with |m| <= 127 and a 127 in every row (row scale exactly 1/64); inputs (j - 48) / 64 with
        // j in 0..255, both ends present (activation scale exactly 1/64, zero point 48). Every sum is an integer over
        // 4096 below 2^24 / 4096, so both networks compute it exactly and must agree to the bit: any slip in the
        // zero point, the row sums or the scales shows.
        const int inputs = 100, outputs = 7, batch = 3;
        var random = new Random(21);
        var network = new Network<float>(inputs, new LayerSpec(outputs, Activation.Identity));
        var parameters = new float[network.ParameterCount];
        for (int i = 0; i < outputs * inputs; i++)
        {
            parameters[i] = (i % inputs == i / inputs ? (i % 2 == 0 ? 127 : -127) : random.Next(-127, 128)) / 64f;
        }

        for (int r = 0; r < outputs; r++)
        {
            parameters[(outputs * inputs) + r] = random.Next(-500, 500) / 64f;
        }

        network.SetParameters(parameters);
        var x = new float[batch * inputs];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = ((i % inputs) switch { 0 => 0, 1 => 255, int _ => random.Next(256) } - 48) / 64f;
        }

        var expected = new float[batch * outputs];
        var actual = new float[batch * outputs];
        network.Predict(x, batch, expected);
        Quantizer.Quantize(network).Predict(x, batch, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Weights_AreRoundedPerRow_ToWithinHalfAScale()
    {
        var network = new Network<float>(3, new LayerSpec(2, Activation.Identity));
        // Row 0's largest magnitude is 2.54, so its scale is 0.02; row 1 is all zeros.
        network.SetParameters([2.54f, -1.0f, 0.011f, 0, 0, 0, 0.5f, -0.25f]);
        QuantizedNetwork quantized = Quantizer.Quantize(network);
        QuantizedLayer layer = quantized.QuantizedLayers[0];
        Assert.Equal(0.02f, layer.Scales[0], 6);
        Assert.Equal([127, -50, 1, 0, 0, 0], layer.Weights().Select(w => (int)w));
        Assert.Equal(0f, layer.Scales[1]);
        Assert.Equal([127 - 50 + 1, 0], layer.RowSums);
        Assert.Equal([0.5f, -0.25f], layer.Biases);
    }

    [Fact]
    public void Predict_GivesNaN_ForANonFiniteInput_AndExactZeroInputsStayExact()
    {
        var network = new Network<float>(4, new LayerSpec(3, Activation.Relu), new LayerSpec(2, Activation.Identity));
        network.Initialize(new WeightInit.Uniform(-1, 1), 5);
        QuantizedNetwork quantized = Quantizer.Quantize(network);
        var outputs = new float[4];
        quantized.Predict([1, float.NaN, 0, 0, 0, 0, 0, 0], 2, outputs);
        Assert.All(outputs.AsSpan(0, 2).ToArray(), v => Assert.True(float.IsNaN(v), $"expected NaN, got {v}"));

        // An all-zero input is quantized exactly (0 is always representable), so a single layer gives its biases exactly.
        var single = new Network<float>(4, new LayerSpec(3, Activation.Identity));
        single.Initialize(new WeightInit.Uniform(-1, 1), 6);
        var y = new float[3];
        Quantizer.Quantize(single).Predict(new float[4], y);
        Assert.Equal(single.GetParameters().AsSpan(12, 3).ToArray(), y);
    }

    [Fact]
    public void Predict_RejectsWrongLengths()
    {
        var network = new Network<float>(4, new LayerSpec(3, Activation.Softmax));
        QuantizedNetwork quantized = Quantizer.Quantize(network);
        Assert.Throws<ArgumentException>("inputs", () => quantized.Predict(new float[3], new float[3]));
        Assert.Throws<ArgumentException>("outputs", () => quantized.Predict(new float[8], 2, new float[3]));
        Assert.Throws<ArgumentOutOfRangeException>("batch", () => quantized.Predict(new float[0], 0, new float[0]));
    }

    [Fact]
    public void Predict_AllocatesNothing_AfterTheFirstCall()
    {
        var network = new Network<float>(64, new LayerSpec(32, Activation.Relu), new LayerSpec(10, Activation.Softmax));
        network.Initialize(new WeightInit.Uniform(-0.5, 0.5), 1);
        QuantizedNetwork quantized = Quantizer.Quantize(network);
        var inputs = new float[8 * 64];
        var outputs = new float[8 * 10];
        quantized.Predict(inputs, 8, outputs);
        quantized.Predict(inputs.AsSpan(0, 64), outputs.AsSpan(0, 10));
        long before = GC.GetAllocatedBytesForCurrentThread();
        quantized.Predict(inputs, 8, outputs);
        quantized.Predict(inputs.AsSpan(0, 64), outputs.AsSpan(0, 10));
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Predict_FromSeveralThreadsAtOnce_GivesEachThreadsOwnResult()
    {
        var network = new Network<float>(30, new LayerSpec(20, Activation.Tanh), new LayerSpec(5, Activation.Softmax));
        network.Initialize(new WeightInit.Uniform(-1, 1), 2);
        QuantizedNetwork quantized = Quantizer.Quantize(network);
        float[][] inputs = [.. Enumerable.Range(0, 8).Select(t => Enumerable.Range(0, 30 * 16).Select(i => MathF.Sin(i + (t * 100))).ToArray())];
        float[][] expected = [.. inputs.Select(x => { var y = new float[16 * 5]; quantized.Predict(x, 16, y); return y; })];
        Parallel.For(0, 64, i =>
        {
            var y = new float[16 * 5];
            quantized.Predict(inputs[i % 8], 16, y);
            Assert.Equal(expected[i % 8], y);
        });
    }

    [Theory]
    [InlineData((2 * QuantizedNetwork.BlockSamples) + 7)]
    [InlineData(QuantizedNetwork.BlockSamples + 1)]
    [InlineData(2 * QuantizedNetwork.BlockSamples)]
    [InlineData(293)]
    [InlineData(1024)]
    public void Predict_GivesTheSameBits_OnOneAndTwoThreads_InBlocks_AndForEachSampleAlone(int batch)
    {
        // Batches just over one block and over two, two whole blocks, and many blocks: on two threads, blocks of unequal
        // tile counts and a short last tile of 6; 70 and 21 outputs end inside a 16-column panel and the 4-panel tile
        // of one sample.
        var network = new Network<float>(45, new LayerSpec(70, Activation.Relu), new LayerSpec(21, Activation.Tanh), new LayerSpec(10, Activation.Softmax));
        network.Initialize(new WeightInit.Uniform(-1, 1), 5);
        QuantizedNetwork quantized = Quantizer.Quantize(network);
        float[] inputs = [.. Enumerable.Range(0, batch * 45).Select(i => MathF.Sin(i * 0.37f) * 3)];
        var one = new float[batch * 10];
        var two = new float[batch * 10];
        using (Parallelism.Limit(1))
        {
            quantized.Predict(inputs, batch, one);
        }

        using (Parallelism.Limit(2))
        {
            quantized.Predict(inputs, batch, two);
        }

        Assert.Equal(one, two);
        var single = new float[10];
        for (int n = 0; n < batch; n++)
        {
            quantized.Predict(inputs.AsSpan(n * 45, 45), single);
            Assert.Equal(one.AsSpan(n * 10, 10).ToArray(), single);
        }
    }

    [Fact]
    public void Predict_OfSeveralBlocksOnTwoThreads_AllocatesNothing_AfterTheFirstCall()
    {
        var network = new Network<float>(64, new LayerSpec(32, Activation.Relu), new LayerSpec(10, Activation.Softmax));
        network.Initialize(new WeightInit.Uniform(-0.5, 0.5), 1);
        QuantizedNetwork quantized = Quantizer.Quantize(network);
        const int batch = 5 * QuantizedNetwork.BlockSamples;
        var inputs = new float[batch * 64];
        var outputs = new float[batch * 10];
        using Parallelism.Scope limit = Parallelism.Limit(2);
        quantized.Predict(inputs, batch, outputs);
        long before = GC.GetAllocatedBytesForCurrentThread();
        quantized.Predict(inputs, batch, outputs);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
