using System.Numerics;
using VectorNN.Kernels.Int8;
using VectorNN.Layers;
using VectorNN.Memory;

namespace VectorNN.Quantization;

/// <summary>Post-training quantization of a trained network to a <see cref="QuantizedNetwork"/>, with no calibration data.</summary>
public static class Quantizer
{
    /// <summary>
    /// Rounds every weight row symmetrically to signed bytes: scale s[r] = max_k |w[r, k]| / 127 and
    /// q[r, k] = round(w[r, k] / s[r]) in [-127, 127], so each weight is within s[r] / 2 of s[r] q[r, k]. Biases are kept
    /// in float. Activations are quantized per sample when the network runs.
    /// </summary>
    /// <param name="network">A float or double network; it is only read.</param>
    /// <exception cref="ArgumentException">A layer has more than <see cref="Int8Gemm.MaxColumns"/> inputs, whose 32-bit sums could overflow.</exception>
    /// <exception cref="OverflowException">A double bias or weight scale lies beyond float's range.</exception>
    public static QuantizedNetwork Quantize<T>(Network<T> network)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ReadOnlySpan<T> values = network.Parameters.Values;
        var layers = new QuantizedLayer[network.Layers.Length];
        for (int i = 0; i < layers.Length; i++)
        {
            LayerSlice slice = network.Parameters.Slices[i];
            if (slice.Inputs > Int8Gemm.MaxColumns)
            {
                throw new ArgumentException(
                    $"Layer {i} has {slice.Inputs} inputs; int8 layers take at most {Int8Gemm.MaxColumns}, beyond which 32-bit sums could overflow.", nameof(network));
            }

            var weights = new sbyte[slice.WeightCount];
            var scales = new float[slice.Outputs];
            for (int r = 0; r < slice.Outputs; r++)
            {
                scales[r] = QuantizeRow(values.Slice(slice.WeightOffset + (r * slice.Inputs), slice.Inputs), weights.AsSpan(r * slice.Inputs, slice.Inputs));
            }

            var biases = new float[slice.Outputs];
            for (int r = 0; r < biases.Length; r++)
            {
                biases[r] = ToSingle(values[slice.BiasOffset + r], $"layer {i} bias {r}");
            }

            layers[i] = new QuantizedLayer(slice.Inputs, slice.Outputs, weights, scales, biases, network.Layers[i].Activation);
        }

        return new QuantizedNetwork(layers);
    }

    private static float QuantizeRow<T>(ReadOnlySpan<T> row, Span<sbyte> q)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double largest = 0;
        foreach (T w in row)
        {
            largest = Math.Max(largest, Math.Abs(double.CreateTruncating(w)));
        }

        float scale = ToSingle(largest / 127, "a weight scale");
        if (scale == 0)
        {
            // A row of zeros (or of weights too small for a float scale) stays zero.
            q.Clear();
            return 0;
        }

        for (int k = 0; k < row.Length; k++)
        {
            // The float scale may round below largest / 127, which could push the largest weight just past 127.
            q[k] = (sbyte)Math.Clamp(Math.Round(double.CreateTruncating(row[k]) / scale), -127, 127);
        }

        return scale;
    }

    private static float ToSingle<T>(T value, string what)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        float single = float.CreateTruncating(value);
        return float.IsFinite(single) ? single : throw new OverflowException($"The {what} is {value}, beyond float's range.");
    }
}
