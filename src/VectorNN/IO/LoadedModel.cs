using System.Numerics;
using VectorNN.Layers;

namespace VectorNN.IO;

/// <summary>
/// A model read by <see cref="ModelFile.Load(string)"/> or <see cref="ModelFile.Load(Stream, string?)"/> (or imported
/// by <see cref="StateDictImport.Load"/>): its architecture, metadata and weights, from which networks of either
/// precision are made.
/// </summary>
public sealed class LoadedModel
{
    private readonly int[] widths;
    private readonly LayerSpec[] layers;
    private readonly float[]? singles;
    private readonly double[]? doubles;

    internal LoadedModel(ModelMetadata metadata, int[] widths, LayerSpec[] layers, float[]? singles, double[]? doubles, string digest)
    {
        Digest = digest;
        Metadata = metadata;
        this.widths = widths;
        this.layers = layers;
        this.singles = singles;
        this.doubles = doubles;
        Precision = singles is not null ? ModelPrecision.Single : ModelPrecision.Double;
    }

    /// <summary>The precision the weights are stored in (dtype F32 or F64).</summary>
    public ModelPrecision Precision { get; }

    /// <summary>
    /// The file's <c>metadata_sha256</c>, which covers its weights (through <c>sha256</c>) and all its metadata: it
    /// identifies this save, and the optimizer state saved with it records it (<see cref="OptimizerStateFile"/>). For a
    /// model read by <see cref="StateDictImport.Load"/>, which has no such entry, the SHA-256 of the file's bytes.
    /// </summary>
    public string Digest { get; }

    /// <summary>The loss, normalization and class names stored with the network.</summary>
    public ModelMetadata Metadata { get; }

    /// <summary>The input width, then each layer's width (e.g. 784, 256, 128, 10).</summary>
    public IReadOnlyList<int> LayerWidths => widths;

    /// <summary>Each layer's activation, first hidden layer first.</summary>
    public IReadOnlyList<Activation> Activations => layers.Select(l => l.Activation).ToArray();

    /// <summary>Number of weights and biases.</summary>
    public int ParameterCount => singles?.Length ?? doubles!.Length;

    /// <summary>
    /// A new single-precision network with the stored weights; each call returns a separate network. Double weights
    /// are rounded to the nearest float.
    /// </summary>
    /// <exception cref="OverflowException">A double weight lies beyond float's range, so it has no float form.</exception>
    public Network<float> AsSingle() => ToNetwork<float>();

    /// <summary>A new double-precision network with the stored weights (float weights are widened exactly); each call returns a separate network.</summary>
    public Network<double> AsDouble() => ToNetwork<double>();

    /// <summary>
    /// A new network of <typeparamref name="T"/> with the stored weights, each rounded to the nearest
    /// <typeparamref name="T"/> (exact when widening); each call returns a separate network.
    /// </summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double (see <see cref="ElementTypes"/>).</exception>
    /// <exception cref="OverflowException">A stored weight lies beyond <typeparamref name="T"/>'s range (a large double weight and float).</exception>
    public Network<T> ToNetwork<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var network = new Network<T>(widths[0], layers);
        if (singles is not null)
        {
            Convert<float, T>(singles, network.Parameters.Values);
        }
        else
        {
            Convert<double, T>(doubles!, network.Parameters.Values);
        }

        return network;
    }

    // The stored weights are finite (the file is checked on load), so an infinity here is an overflow of T's range.
    private static void Convert<TStored, T>(ReadOnlySpan<TStored> stored, Span<T> values)
        where TStored : unmanaged, IBinaryFloatingPointIeee754<TStored>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateTruncating(stored[i]);
            if (T.IsInfinity(values[i]))
            {
                throw new OverflowException($"Parameter {i} is {stored[i]}, beyond {typeof(T).Name}'s range; use AsDouble.");
            }
        }
    }
}
