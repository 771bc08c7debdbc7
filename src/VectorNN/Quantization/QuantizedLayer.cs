using VectorNN.Kernels.Int8;
using VectorNN.Layers;

namespace VectorNN.Quantization;

/// <summary>
/// One dense layer in int8: weights rounded to w[r, k] ~ scale[r] x q[r, k] with q in [-127, 127], packed once for the
/// kernels (<see cref="Int8PackedWeights"/>), and the float bias and activation.
/// </summary>
internal sealed class QuantizedLayer
{
    /// <summary>Bytes per sample row of quantized activations: a whole number of cache lines, and of the kernels' 4-byte groups.</summary>
    public const int Alignment = 64;

    public QuantizedLayer(int inputs, int outputs, sbyte[] weights, float[] scales, float[] biases, Activation activation)
    {
        Inputs = inputs;
        Outputs = outputs;
        Stride = (inputs + Alignment - 1) / Alignment * Alignment;
        Scales = scales;
        Biases = biases;
        Activation = activation;
        Packed = new Int8PackedWeights(weights, outputs, inputs, inputs);
        RowSums = new int[outputs];
        for (int r = 0; r < outputs; r++)
        {
            ReadOnlySpan<sbyte> row = weights.AsSpan(r * inputs, inputs);
            int sum = 0;
            foreach (sbyte w in row)
            {
                sum += w;
            }

            RowSums[r] = sum;
        }
    }

    public int Inputs { get; }

    public int Outputs { get; }

    /// <summary>Bytes per sample row of the quantized activations.</summary>
    public int Stride { get; }

    /// <summary>The weights [Outputs x Inputs] in the kernels' layout.</summary>
    public Int8PackedWeights Packed { get; }

    /// <summary>The weight scale of each row: max |w[r, k]| / 127, or 0 for a row of zeros.</summary>
    public float[] Scales { get; }

    /// <summary>Sum over k of q[r, k]: the zero point's share of each output, taken off after the integer product.</summary>
    public int[] RowSums { get; }

    public float[] Biases { get; }

    public Activation Activation { get; }

    /// <summary>The weights [Outputs x Inputs] without padding, as a file stores them.</summary>
    public sbyte[] Weights() => Packed.Unpack();
}
