using System.Numerics;
using VectorNN.Data;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Quantization;

namespace VectorNN.IO;

/// <summary>
/// What a model is: each layer's shape, activation, parameters and cost per sample (<see cref="FlopCount"/>: 2 per
/// multiply-add of the matrix products, bias, activations, loss and update not counted), the totals, the loss,
/// normalization and class names stored with it, its element type and, for a file, whether its checksums verify.
/// </summary>
public sealed class ModelSummary
{
    private ModelSummary(int[] widths, IReadOnlyList<Activation> activations, ModelMetadata metadata, string dtype, bool? checksumVerified, string? checksumError)
    {
        var layers = new LayerSummary[activations.Count];
        for (int i = 0; i < layers.Length; i++)
        {
            long products = 2L * widths[i] * widths[i + 1];
            layers[i] = new LayerSummary(
                i, widths[i], widths[i + 1], activations[i], ((long)widths[i] + 1) * widths[i + 1], products, i == 0 ? 2 * products : 3 * products);
        }

        Layers = layers;
        InputCount = widths[0];
        OutputCount = widths[^1];
        ParameterCount = layers.Sum(l => l.Parameters);
        InferenceFlopPerSample = FlopCount.Inference(widths);
        TrainingFlopPerSample = FlopCount.TrainingStep(widths);
        Loss = metadata.Loss;
        Normalization = metadata.Normalization;
        Classes = metadata.Classes;
        DType = dtype;
        ChecksumVerified = checksumVerified;
        ChecksumError = checksumError;
    }

    /// <summary>The layers, first hidden layer first.</summary>
    public IReadOnlyList<LayerSummary> Layers { get; }

    /// <summary>Width of an input sample.</summary>
    public int InputCount { get; }

    /// <summary>Width of an output sample.</summary>
    public int OutputCount { get; }

    /// <summary>Weights and biases of all layers.</summary>
    public long ParameterCount { get; }

    /// <summary>Operations of one sample's inference, <see cref="FlopCount.Inference"/>: the sum of the layers'.</summary>
    public long InferenceFlopPerSample { get; }

    /// <summary>Operations of one sample's training step, <see cref="FlopCount.TrainingStep"/>: the sum of the layers'.</summary>
    public long TrainingFlopPerSample { get; }

    /// <summary>The loss stored with the model.</summary>
    public Loss Loss { get; }

    /// <summary>The input normalization stored with the model, or null for none.</summary>
    public Normalization? Normalization { get; }

    /// <summary>The class names stored with the model, output by output, or null for none.</summary>
    public IReadOnlyList<string>? Classes { get; }

    /// <summary>The element type of the weights: <c>float32</c>, <c>float64</c> or <c>int8</c> (int8 weights with float32 scales and biases).</summary>
    public string DType { get; }

    /// <summary>
    /// Whether the file's checksums (<c>metadata_sha256</c> and <c>sha256</c>) match its content: null for a summary
    /// of a network in memory (<see cref="Of{T}"/>), which has no file.
    /// </summary>
    public bool? ChecksumVerified { get; }

    /// <summary>When <see cref="ChecksumVerified"/> is false, what does not match; otherwise null.</summary>
    public string? ChecksumError { get; }

    /// <summary>The summary of a float or double network in memory and the metadata to store with it.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ModelSummary Of<T>(Network<T> network, ModelMetadata metadata)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(metadata);
        return new ModelSummary(Widths(network.InputCount, network.Layers), Activations(network.Layers), metadata, typeof(T) == typeof(double) ? "float64" : "float32", null, null);
    }

    /// <summary>The summary of an int8 network in memory and the metadata to store with it.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ModelSummary Of(QuantizedNetwork network, ModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(metadata);
        return new ModelSummary(Widths(network.InputCount, network.Layers), Activations(network.Layers), metadata, "int8", null, null);
    }

    /// <summary>
    /// The summary of a model file (float, double or int8, as <see cref="ModelFile"/> and <see cref="QuantizedModelFile"/>
    /// write them) from its header, with its checksums checked: a file whose weights or metadata do not match its
    /// checksums is still described, with <see cref="ChecksumVerified"/> false, where loading it would fail.
    /// </summary>
    /// <exception cref="ModelFormatException">The file is not a model file, or its header does not describe a network.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">Reading failed for another reason than the content.</exception>
    public static ModelSummary Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SafetensorsFile file = SafetensorsFile.Read(path, quantized: true);
        bool int8 = file.Metadata.TryGetValue("format", out string? format) && format == QuantizedModelFile.Format;
        if (!int8)
        {
            ModelFile.RequireFormat(file, ModelFile.Format);
        }

        (int[] widths, LayerSpec[] layers, ModelMetadata metadata) = ModelFile.ReadArchitecture(file);
        string? error = null;
        try
        {
            file.VerifyMetadataDigest();
            file.VerifyTensorDigest();
        }
        catch (ModelFormatException e)
        {
            error = e.Message;
        }

        string dtype = int8 ? "int8" : file.DType == "F64" ? "float64" : "float32";
        return new ModelSummary(widths, Activations(layers), metadata, dtype, error is null, error);
    }

    private static int[] Widths(int inputs, ReadOnlySpan<LayerSpec> layers)
    {
        var widths = new int[layers.Length + 1];
        widths[0] = inputs;
        for (int i = 0; i < layers.Length; i++)
        {
            widths[i + 1] = layers[i].Units;
        }

        return widths;
    }

    private static Activation[] Activations(ReadOnlySpan<LayerSpec> layers)
    {
        var activations = new Activation[layers.Length];
        for (int i = 0; i < layers.Length; i++)
        {
            activations[i] = layers[i].Activation;
        }

        return activations;
    }
}
