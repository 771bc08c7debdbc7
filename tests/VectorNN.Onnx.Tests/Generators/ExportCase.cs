using VectorNN.Data;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;

namespace VectorNN.Onnx.Tests.Generators;

/// <summary>A network (its parameters in double, rounded to the precision under test), a normalization or none, and a batch of raw inputs.</summary>
public sealed record ExportCase(int[] Widths, Activation[] Activations, double[] Parameters, Normalization? Normalization, int Batch, double[] Inputs, ulong Seed)
{
    /// <summary>The network in precision <typeparamref name="T"/>.</summary>
    public Network<T> Network<T>()
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var network = new Network<T>(Widths[0], [.. Widths.Skip(1).Zip(Activations, (w, a) => new LayerSpec(w, a))]);
        network.SetParameters(Array.ConvertAll(Parameters, T.CreateTruncating));
        return network;
    }

    /// <summary>Metadata with the case's normalization, the loss that fits its output and class names for a classifier.</summary>
    public ModelMetadata Metadata => new()
    {
        Loss = Activations[^1] == Activation.Softmax ? Loss.CrossEntropy : Loss.MeanSquaredError,
        Normalization = Normalization,
        Classes = Activations[^1] == Activation.Softmax ? [.. Enumerable.Range(0, Widths[^1]).Select(i => $"class \"{i}\", é")] : null,
    };

    /// <inheritdoc/>
    public override string ToString() =>
        $"widths [{string.Join(", ", Widths)}], activations [{string.Join(", ", Activations)}], normalization {Normalization?.Method.ToString() ?? "absent"}, batch {Batch}, seed {Seed}";
}
