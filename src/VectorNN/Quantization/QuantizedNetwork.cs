using VectorNN.Kernels.Int8;
using VectorNN.Kernels.Threading;
using VectorNN.Layers;

namespace VectorNN.Quantization;

/// <summary>
/// A multi-layer perceptron run in 8-bit integers: each layer's weights are signed bytes with one float scale per
/// output row, each sample's activations are quantized to unsigned bytes at run time (one scale and zero point per
/// sample and layer), the products are summed exactly in 32 bits by <see cref="Int8Gemm"/>, and the scales, bias,
/// activation and softmax are applied in float. Made by <see cref="Quantizer.Quantize{T}(Network{T})"/> or read from a
/// file by <see cref="IO.QuantizedModelFile.Load(string)"/>.
/// </summary>
/// <remarks>
/// Output r of a layer is (sum_k q[r, k] (u[k] - z) ) x s[r] x a + b[r], with weight bytes q and row scale s, and
/// activation bytes u, zero point z and scale a; the zero point's share z x sum_k q[r, k] is precomputed per row.
/// Prediction reads the layers and per-thread scratch only, so any number of threads may predict at once. A batch runs
/// in blocks of <see cref="BlockSamples"/> samples, split over the kernels' worker threads; each sample's result is
/// computed the same way whatever the block or thread, so results do not depend on the thread count.
/// </remarks>
public sealed class QuantizedNetwork
{
    /// <summary>Samples per block of a batch: one block's activations (48 x 832 bytes, 48 x 256 floats) stay in L1 and L2 across the layers.</summary>
    internal const int BlockSamples = 48;

    private readonly QuantizedLayer[] layers;
    private readonly LayerSpec[] specs;
    private readonly int maxStride;

    internal QuantizedNetwork(QuantizedLayer[] layers)
    {
        this.layers = layers;
        specs = [.. layers.Select(l => new LayerSpec(l.Outputs, l.Activation))];
        maxStride = layers.Max(l => l.Stride);
        LargestWidth = layers.Max(l => l.Outputs);
    }

    /// <summary>Width of an input sample.</summary>
    public int InputCount => layers[0].Inputs;

    /// <summary>Width of an output sample: the last layer's units.</summary>
    public int OutputCount => layers[^1].Outputs;

    /// <summary>The layers, first hidden layer first.</summary>
    public ReadOnlySpan<LayerSpec> Layers => specs;

    /// <summary>The activation of the output layer.</summary>
    public Activation OutputActivation => specs[^1].Activation;

    /// <summary>The largest layer width (the input width excluded).</summary>
    internal int LargestWidth { get; }

    /// <summary>The layers, for the model file.</summary>
    internal ReadOnlySpan<QuantizedLayer> QuantizedLayers => layers;

    /// <summary>Computes the outputs for one sample. Safe to call from several threads at once; allocation-free after a thread's first call.</summary>
    /// <param name="input">The sample, <see cref="InputCount"/> values.</param>
    /// <param name="output">Receives <see cref="OutputCount"/> values (for softmax outputs, the class probabilities).</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Predict(ReadOnlySpan<float> input, Span<float> output) => Predict(input, 1, output);

    /// <summary>
    /// Computes the outputs for a batch of samples. Safe to call from several threads at once; each thread's scratch is
    /// allocated on its first call and reused after. A sample with a NaN or infinite input gets NaN outputs.
    /// </summary>
    /// <param name="inputs">The samples [batch x <see cref="InputCount"/>], row-major.</param>
    /// <param name="batch">Number of samples, at least 1.</param>
    /// <param name="outputs">Receives [batch x <see cref="OutputCount"/>].</param>
    /// <exception cref="ArgumentException">The batch is below 1, or a span is not exactly as long as the batch needs.</exception>
    public void Predict(ReadOnlySpan<float> inputs, int batch, Span<float> outputs) => Predict(inputs, batch, outputs, default);

    /// <summary>As <see cref="Predict(ReadOnlySpan{float}, int, Span{float})"/>, and also writes the output layer's pre-activations into <paramref name="logits"/> when it is not empty (for the loss).</summary>
    internal void Predict(ReadOnlySpan<float> inputs, int batch, Span<float> outputs, Span<float> logits)
    {
        if (batch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"Expected a batch of at least 1 sample, got {batch}.");
        }

        RequireLength(inputs.Length, (long)batch * InputCount, nameof(inputs), "inputs");
        RequireLength(outputs.Length, (long)batch * OutputCount, nameof(outputs), "outputs");
        int threads;
        if (batch <= BlockSamples || (threads = WorkerPool.Shared.MaxParts) == 1)
        {
            for (int n = 0; n < batch; n += BlockSamples)
            {
                int count = Math.Min(BlockSamples, batch - n);
                Forward(
                    inputs.Slice(n * InputCount, count * InputCount),
                    count,
                    outputs.Slice(n * OutputCount, count * OutputCount),
                    logits.IsEmpty ? logits : logits.Slice(n * OutputCount, count * OutputCount));
            }
        }
        else
        {
            QuantizedBatchJob.Run(this, inputs, batch, outputs, logits);
        }
    }

    /// <summary>
    /// Runs <paramref name="count"/> samples, at most <see cref="BlockSamples"/>, through every layer on the calling
    /// thread with its own scratch: the block's activations stay in the core's cache from layer to layer.
    /// </summary>
    internal void Forward(ReadOnlySpan<float> inputs, int count, Span<float> outputs, Span<float> logits)
    {
        QuantizedScratch scratch = QuantizedScratch.Rent(count, maxStride, LargestWidth);
        ReadOnlySpan<float> x = inputs;
        for (int i = 0; i < layers.Length; i++)
        {
            QuantizedLayer layer = layers[i];
            Span<byte> bytes = scratch.Bytes.AsSpan(0, count * layer.Stride);
            for (int n = 0; n < count; n++)
            {
                scratch.Scales[n] = ActivationQuantizer.Quantize(
                    x.Slice(n * layer.Inputs, layer.Inputs), bytes.Slice(n * layer.Stride, layer.Inputs), out scratch.ZeroPoints[n]);
            }

            Span<int> sums = scratch.Sums.AsSpan(0, count * layer.Outputs);
            Int8Gemm.Multiply(Int8Gemm.InstructionSet, bytes, layer.Stride, layer.Packed, count, sums, layer.Outputs);
            bool last = i == layers.Length - 1;
            Span<float> y = last ? outputs : scratch.Floats.AsSpan((i & 1) * count * LargestWidth, count * layer.Outputs);

            // ReLU is exact and element-wise, so it runs inside the epilogue; the other activations run after it.
            bool relu = layer.Activation == Activation.Relu && !(last && !logits.IsEmpty);
            Dequantization.Apply(sums, layer.RowSums, layer.Scales, layer.Biases, scratch.Scales, scratch.ZeroPoints, count, relu, y);
            if (last && !logits.IsEmpty)
            {
                y.CopyTo(logits);
            }

            if (!relu)
            {
                ActivationLayer.Forward<float>(layer.Activation, y, count, layer.Outputs, y);
            }

            x = y;
        }
    }

    private static void RequireLength(int length, long expected, string paramName, string what)
    {
        if (length != expected)
        {
            throw new ArgumentException($"Expected {expected} {what}, got {length}.", paramName);
        }
    }
}
