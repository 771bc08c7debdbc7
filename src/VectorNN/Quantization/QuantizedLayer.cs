using VectorNN.Layers;

namespace VectorNN.Quantization;

/// <summary>
/// One dense layer in int8: weights rounded to w[r, k] ~ scale[r] x q[r, k] with q in [-127, 127], rows padded with
/// zero weights to <see cref="Stride"/> columns so that the kernels run whole vectors, and the float bias and activation.
/// </summary>
internal sealed class QuantizedLayer
{
    /// <summary>Columns per padded weight row: a multiple of the widest kernel step (64 bytes, one zmm register).</summary>
    public const int Alignment = 64;

    public QuantizedLayer(int inputs, int outputs, sbyte[] weights, float[] scales, float[] biases, Activation activation)
    {
        Inputs = inputs;
        Outputs = outputs;
        Stride = (inputs + Alignment - 1) / Alignment * Alignment;
        Scales = scales;
        Biases = biases;
        Activation = activation;
        PaddedWeights = new sbyte[outputs * Stride];
        RowSums = new int[outputs];
        for (int r = 0; r < outputs; r++)
        {
            ReadOnlySpan<sbyte> row = weights.AsSpan(r * inputs, inputs);
            row.CopyTo(PaddedWeights.AsSpan(r * Stride));
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

    /// <summary>Columns per row of <see cref="PaddedWeights"/> and of the quantized activations.</summary>
    public int Stride { get; }

    /// <summary>[Outputs x Stride]; columns from <see cref="Inputs"/> on are zero.</summary>
    public sbyte[] PaddedWeights { get; }

    /// <summary>The weight scale of each row: max |w[r, k]| / 127, or 0 for a row of zeros.</summary>
    public float[] Scales { get; }

    /// <summary>Sum over k of q[r, k]: the zero point's share of each output, taken off after the integer product.</summary>
    public int[] RowSums { get; }

    public float[] Biases { get; }

    public Activation Activation { get; }

    /// <summary>The weights [Outputs x Inputs] without padding, as a file stores them.</summary>
    public sbyte[] Weights()
    {
        var weights = new sbyte[Outputs * Inputs];
        for (int r = 0; r < Outputs; r++)
        {
            PaddedWeights.AsSpan(r * Stride, Inputs).CopyTo(weights.AsSpan(r * Inputs));
        }

        return weights;
    }
}
