using System.Buffers.Binary;
using System.Runtime.InteropServices;
using VectorNN.Kernels.Int8;
using VectorNN.Layers;
using VectorNN.Quantization;

namespace VectorNN.IO;

/// <summary>Saves and loads <see cref="QuantizedNetwork"/>s as safetensors files, checksummed and validated like float models.</summary>
/// <remarks>
/// <para>
/// The file is laid out as <see cref="ModelFile"/> describes, with <c>format</c> = <c>vectornn-int8</c> and three
/// tensors per layer, stored in layer order: <c>layers.{i}.weight</c>, dtype <c>I8</c>, shape [out, in], the weights
/// q in [-127, 127]; <c>layers.{i}.weight_scale</c>, <c>F32</c> [out], each row's scale s (a weight reads as s x q);
/// and <c>layers.{i}.bias</c>, <c>F32</c> [out]. The metadata also has <c>layers</c>, <c>activations</c>,
/// <c>loss</c>, <c>normalization</c> and <c>classes</c> as in a float model, <c>quantization</c> (a description of the
/// scheme), <c>sha256</c> of the tensor bytes and <c>metadata_sha256</c>.
/// </para>
/// <para>Saving is atomic, as for float models: an existing file is replaced whole or not at all.</para>
/// </remarks>
public static class QuantizedModelFile
{
    /// <summary>The <c>format</c> metadata of a quantized model file.</summary>
    public const string Format = "vectornn-int8";

    /// <summary>The <c>quantization</c> metadata: what the stored numbers mean.</summary>
    public const string Scheme = "weights int8 symmetric per output row (w = weight_scale x q, q in [-127, 127]); activations uint8 per sample at run time with a zero point; int32 sums";

    /// <summary>Writes <paramref name="network"/> and <paramref name="metadata"/> to <paramref name="path"/>, replacing it atomically.</summary>
    /// <exception cref="ArgumentException">The normalization's feature count is not the network's input width, or a class name is null.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist (it is not created).</exception>
    /// <exception cref="IOException">The file could not be written; an existing file is left as it was.</exception>
    public static void Save(string path, QuantizedNetwork network, ModelMetadata metadata)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(metadata);
        List<KeyValuePair<string, string>> entries = ModelFile.ArchitectureEntries(Format, network.InputCount, network.Layers, metadata);
        entries.Add(new("quantization", Scheme));
        var tensors = new List<TensorBytes>();
        ReadOnlySpan<QuantizedLayer> layers = network.QuantizedLayers;
        for (int i = 0; i < layers.Length; i++)
        {
            QuantizedLayer layer = layers[i];
            tensors.Add(TensorBytes.SignedBytes($"layers.{i}.weight", [layer.Outputs, layer.Inputs], layer.Weights()));
            tensors.Add(TensorBytes.Singles($"layers.{i}.weight_scale", [layer.Outputs], layer.Scales));
            tensors.Add(TensorBytes.Singles($"layers.{i}.bias", [layer.Outputs], layer.Biases));
        }

        using StagedFile file = StagedFile.Create(path);
        SafetensorsWriter.Write(file, tensors, entries);
        StagedFile.Commit(file);
    }

    /// <summary>Reads and checks a quantized model file written by <see cref="Save"/>.</summary>
    /// <exception cref="ModelFormatException">The file is not a valid quantized model file; the message says what is wrong.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="DirectoryNotFoundException">There is no such folder.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <exception cref="IOException">Reading failed for another reason than the content.</exception>
    public static QuantizedModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SafetensorsFile file = SafetensorsFile.Read(path, quantized: true);
        ModelFile.RequireFormat(file, Format);
        return Read(file);
    }

    /// <summary>
    /// Loads <paramref name="path"/> when it is a quantized model file; returns false, without reading further, when it
    /// is a well-formed safetensors file of another format (such as a float model for <see cref="ModelFile.Load(string)"/>).
    /// </summary>
    /// <exception cref="ModelFormatException">The file is not a well-formed safetensors file, or a quantized model file that fails a check.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">Reading failed for another reason than the content.</exception>
    public static bool TryLoad(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out QuantizedModel? model)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SafetensorsFile file = SafetensorsFile.Read(path, quantized: true);
        model = file.Require("format") == Format ? Read(file) : null;
        return model is not null;
    }

    private static QuantizedModel Read(SafetensorsFile file)
    {
        (int[] widths, LayerSpec[] specs, ModelMetadata metadata) = ModelFile.ReadArchitecture(file);
        var expected = new List<(string Name, long[] Shape)>();
        for (int i = 0; i < specs.Length; i++)
        {
            expected.Add(($"layers.{i}.weight", [widths[i + 1], widths[i]]));
            expected.Add(($"layers.{i}.weight_scale", [widths[i + 1]]));
            expected.Add(($"layers.{i}.bias", [widths[i + 1]]));
        }

        ModelFile.RequireTensors(file, expected, $"layers {file.Require("layers")}");
        file.VerifyMetadataDigest();
        file.VerifyTensorDigest();
        var layers = new QuantizedLayer[specs.Length];
        for (int i = 0; i < specs.Length; i++)
        {
            if (widths[i] > Int8Gemm.MaxColumns)
            {
                throw file.Error($"layer {i} has {widths[i]} inputs; int8 layers take at most {Int8Gemm.MaxColumns}");
            }

            sbyte[] weights = Weights(file, file.Tensors[3 * i]);
            float[] scales = Singles(file, file.Tensors[(3 * i) + 1], nonNegative: true);
            float[] biases = Singles(file, file.Tensors[(3 * i) + 2], nonNegative: false);
            layers[i] = new QuantizedLayer(widths[i], widths[i + 1], weights, scales, biases, specs[i].Activation);
        }

        return new QuantizedModel(new QuantizedNetwork(layers), metadata);
    }

    private static sbyte[] Weights(SafetensorsFile file, TensorEntry tensor)
    {
        RequireDType(file, tensor, "I8");
        sbyte[] values = MemoryMarshal.Cast<byte, sbyte>(file.Bytes(tensor)).ToArray();
        int at = values.AsSpan().IndexOf(sbyte.MinValue);
        return at < 0 ? values : throw file.Error($"tensor {tensor.Name}: weight {at} is -128; expected -127 to 127 (symmetric quantization)");
    }

    private static float[] Singles(SafetensorsFile file, TensorEntry tensor, bool nonNegative)
    {
        RequireDType(file, tensor, "F32");
        ReadOnlySpan<byte> bytes = file.Bytes(tensor);
        var values = new float[bytes.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            float v = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
            if (!float.IsFinite(v) || (nonNegative && v < 0))
            {
                throw file.Error($"tensor {tensor.Name}: value {i} is {v}; expected a finite{(nonNegative ? " non-negative" : "")} number");
            }

            values[i] = v;
        }

        return values;
    }

    private static void RequireDType(SafetensorsFile file, TensorEntry tensor, string dtype)
    {
        if (tensor.DType != dtype)
        {
            throw file.Error($"tensor {tensor.Name} is {tensor.DType}, expected {dtype}");
        }
    }
}
