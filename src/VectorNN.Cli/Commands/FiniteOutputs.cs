using System.Globalization;
using System.Numerics;
using VectorNN.Data;
using VectorNN.Layers;
using VectorNN.Quantization;

namespace VectorNN.Cli.Commands;

/// <summary>
/// A prediction the model cannot make (NaN or an infinity: weights that overflow on an input) is an error naming the
/// sample, never a silent NaN row.
/// </summary>
internal static class FiniteOutputs
{
    /// <summary>Throws for the first non-finite value of row-major <paramref name="outputs"/> [count x <paramref name="width"/>].</summary>
    /// <param name="outputs">The network's outputs.</param>
    /// <param name="width">Outputs per sample.</param>
    /// <param name="inputPath">The data file the samples came from.</param>
    /// <exception cref="DataFormatException">An output is NaN or infinite.</exception>
    public static void Require<T>(ReadOnlySpan<T> outputs, int width, string inputPath)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < outputs.Length; i++)
        {
            if (!T.IsFinite(outputs[i]))
            {
                throw new DataFormatException(
                    inputPath, 0, 0,
                    $"sample {(i / width) + 1}: expected finite outputs, got {double.CreateTruncating(outputs[i]).ToString(CultureInfo.InvariantCulture)} for output {i % width}: the model's weights overflow on this input, so it has no prediction");
            }
        }
    }

    /// <summary>Runs <paramref name="network"/> on <paramref name="data"/> and throws for the first sample with a non-finite output.</summary>
    /// <inheritdoc cref="Require{T}(ReadOnlySpan{T}, int, string)"/>
    public static void Require<T>(Network<T> network, Dataset<T> data, string inputPath)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var outputs = new T[data.Count * network.OutputCount];
        network.Predict(data.Inputs, data.Count, outputs);
        Require<T>(outputs, network.OutputCount, inputPath);
    }

    /// <summary>As <see cref="Require{T}(Network{T}, Dataset{T}, string)"/> for an int8 network.</summary>
    /// <inheritdoc cref="Require{T}(ReadOnlySpan{T}, int, string)"/>
    public static void Require(QuantizedNetwork network, Dataset<float> data, string inputPath)
    {
        var outputs = new float[data.Count * network.OutputCount];
        network.Predict(data.Inputs, data.Count, outputs);
        Require<float>(outputs, network.OutputCount, inputPath);
    }
}
