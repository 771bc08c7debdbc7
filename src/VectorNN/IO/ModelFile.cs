using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using VectorNN.Data;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Memory;
using VectorNN.Optim;
using VectorNN.Training;

namespace VectorNN.IO;

/// <summary>
/// Saves and loads networks as safetensors files, so that they open in the wider ecosystem, optionally together with
/// the optimizer's state (<see cref="OptimizerStateFile"/>) so that training can resume exactly.
/// </summary>
/// <remarks>
/// <para>
/// A model file is an 8-byte little-endian header length N, N bytes of UTF-8 JSON (padded with spaces to a multiple of
/// 8 so the tensors are 8-byte aligned), then the little-endian tensor bytes. The JSON has one entry per tensor,
/// <c>"layers.{i}.weight": {"dtype": "F32", "shape": [out, in], "data_offsets": [begin, end]}</c> and
/// <c>"layers.{i}.bias"</c> with shape [out], i from 0, stored back to back in layer order (the
/// <see cref="ParameterArena{T}"/> layout), and <c>"__metadata__"</c> with string values: <c>format</c> =
/// <c>vectornn</c>; <c>layers</c>, the widths (e.g. <c>784,256,128,10</c>); <c>activations</c>, one
/// <see cref="Names"/> name per layer (e.g. <c>relu,relu,softmax</c>); <c>dropout</c>, one
/// <see cref="LayerSpec.DropoutRate"/> per layer (e.g. <c>0.2,0.1,0</c>), only when a layer drops (a file without it has
/// none); <c>loss</c>; when present,
/// <c>normalization</c> and <c>target_normalization</c> (<see cref="Normalization.ToJson"/>, of the inputs and of a
/// regression model's targets) and <c>classes</c> and <c>targets</c> (JSON array strings of class and target names); <c>sha256</c>, the
/// lower-case hex SHA-256 of all tensor bytes; and <c>metadata_sha256</c>, the SHA-256 of the other metadata entries
/// (in ordinal key order, each as UTF-8 key, a 0 byte, UTF-8 value, a 0 byte), which guards the architecture, names,
/// normalization and class names as <c>sha256</c> guards the weights.
/// </para>
/// <para>
/// Saving to a path is atomic (saving to a stream is not): the file is written to a temporary file in the same folder
/// (<c>.NAME.vectornn-tmp-PID-RANDOM</c>), flushed to disk and moved over the target, and the folder is flushed, so an existing file is replaced whole or not
/// at all and no temporary file outlives a failed save (the next save to the folder removes those of a killed process).
/// A save replaces only a regular file, following symbolic links (see <see cref="SaveTarget"/>). Frozen parameter
/// groups are not recorded.
/// </para>
/// </remarks>
public static class ModelFile
{
    /// <summary>The <c>format</c> metadata of a model file.</summary>
    public const string Format = "vectornn";

    /// <summary>
    /// Writes <paramref name="network"/> and <paramref name="metadata"/> to <paramref name="path"/>, replacing it
    /// atomically. An optimizer-state file beside it is left as it is, and no longer matches the model.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A parameter is NaN or infinite (such a file would not load), the normalization's feature count is not the
    /// network's input width, a class name is null, or the loss is undefined.
    /// </exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist (it is not created).</exception>
    /// <exception cref="IOException">
    /// The path is not a regular file (see <see cref="SaveTarget.Resolve"/>), or the file could not be written; an
    /// existing file is left as it was.
    /// </exception>
    public static void Save<T>(string path, Network<T> network, ModelMetadata metadata)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        (List<TensorData<T>> tensors, List<KeyValuePair<string, string>> entries) = Describe(network, metadata);
        using StagedFile model = StagedFile.Create(path);
        SafetensorsWriter.Write(model, tensors, entries);
        StagedFile.Commit(model);
    }

    /// <summary>
    /// Writes <paramref name="network"/> and <paramref name="metadata"/> to <paramref name="path"/> and the state of
    /// <paramref name="optimizer"/> (with <paramref name="training"/>, when given) to its optimizer-state file
    /// (<see cref="OptimizerStateFile.PathFor"/>), as a pair: both are written to temporary files and flushed before
    /// either replaces its target, and the state records the model's digest, so that a reader never combines the
    /// model of one save with the state of another.
    /// </summary>
    /// <remarks>
    /// A failure while writing leaves both files as they were. A process killed between the two renames leaves the new
    /// model beside the old state, which <see cref="OptimizerStateFile.TryLoad"/> then refuses.
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// As for <see cref="Save{T}(string, Network{T}, ModelMetadata)"/>; or the optimizer's names are empty, repeated
    /// or reserved, or its state holds NaN or an infinity.
    /// </exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist (it is not created).</exception>
    /// <exception cref="IOException">
    /// The path or its state file's path is not a regular file (see <see cref="SaveTarget.Resolve"/>), or the files
    /// could not be written.
    /// </exception>
    public static void Save<T>(string path, Network<T> network, ModelMetadata metadata, Optimizer<T> optimizer, TrainingState? training = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(optimizer);
        (List<TensorData<T>> tensors, List<KeyValuePair<string, string>> entries) = Describe(network, metadata);
        (List<TensorData<T>> stateTensors, List<KeyValuePair<string, string>> stateEntries) = OptimizerStateFile.Describe(optimizer, training);
        using StagedFile model = StagedFile.Create(path);
        string digest = SafetensorsWriter.Write(model, tensors, entries);
        using StagedFile state = StagedFile.Create(OptimizerStateFile.PathFor(path));
        SafetensorsWriter.Write(state, stateTensors, OptimizerStateFile.WithModel(stateEntries, digest));
        StagedFile.Commit(model, state);
    }

    /// <summary>
    /// Writes <paramref name="network"/> and <paramref name="metadata"/> as a model file to <paramref name="stream"/>,
    /// from its position on and front to back, so the stream need not seek (a network stream, a database blob). The
    /// stream is flushed, not closed.
    /// </summary>
    /// <remarks>
    /// Unlike a save to a path, this is not atomic: the network and metadata are checked before the first byte is
    /// written, but a stream that fails part-way holds a partial model, which <see cref="Load(Stream, string?)"/> then
    /// refuses.
    /// </remarks>
    /// <exception cref="ArgumentException">As for <see cref="Save{T}(string, Network{T}, ModelMetadata)"/>.</exception>
    /// <exception cref="IOException">Writing to the stream failed.</exception>
    public static void Save<T>(Stream stream, Network<T> network, ModelMetadata metadata)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        (List<TensorData<T>> tensors, List<KeyValuePair<string, string>> entries) = Describe(network, metadata);
        SafetensorsWriter.Write(stream, tensors, entries);
        stream.Flush();
    }

    /// <summary>The tensors and metadata entries of a model file.</summary>
    private static (List<TensorData<T>> Tensors, List<KeyValuePair<string, string>> Metadata) Describe<T>(Network<T> network, ModelMetadata metadata)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(metadata);
        List<KeyValuePair<string, string>> entries = ArchitectureEntries(Format, network.InputCount, network.Layers, metadata);
        T[] values = network.GetParameters();
        var tensors = new List<TensorData<T>>();
        foreach (LayerSlice layer in network.Parameters.Slices)
        {
            int i = tensors.Count / 2;
            tensors.Add(new($"layers.{i}.weight", [layer.Outputs, layer.Inputs], values.AsMemory(layer.WeightOffset, layer.WeightCount)));
            tensors.Add(new($"layers.{i}.bias", [layer.Outputs], values.AsMemory(layer.BiasOffset, layer.Outputs)));
        }

        return (tensors, entries);
    }

    /// <summary>Reads and checks a model file written by <see cref="Save{T}(string, Network{T}, ModelMetadata)"/>.</summary>
    /// <exception cref="ModelFormatException">The file is not a valid model file; the message says what is wrong.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="DirectoryNotFoundException">There is no such folder.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <exception cref="IOException">Reading failed for another reason than the content.</exception>
    public static LoadedModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Load(SafetensorsFile.Read(path));
    }

    /// <summary>
    /// Reads and checks a model from <paramref name="stream"/>, from its position to its end, with the same checks as a
    /// file (structure, checksums, consistency). The stream need not seek; it is not closed.
    /// </summary>
    /// <remarks>
    /// The content is held in memory while it is checked. Nothing is allocated ahead of the bytes that arrive, and
    /// reading stops one byte past the data the header declares, so a corrupt header or an endless stream costs no more
    /// than the declared model.
    /// </remarks>
    /// <param name="stream">The model's bytes, e.g. an embedded resource, a network response or a database blob.</param>
    /// <param name="name">What error messages call the stream (a resource or record name); "stream" when null.</param>
    /// <exception cref="ModelFormatException">The content is not a valid model file; the message starts with <paramref name="name"/>.</exception>
    /// <exception cref="IOException">Reading the stream failed.</exception>
    public static LoadedModel Load(Stream stream, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Load(SafetensorsFile.Read(stream, name ?? "stream"));
    }

    /// <summary>
    /// Reads and checks a model file as <see cref="Load(string)"/> does and returns it as a network of
    /// <typeparamref name="T"/>, whatever precision it is stored in: a double model read as float is rounded to the
    /// nearest float; a float model read as double is widened exactly.
    /// </summary>
    /// <param name="path">The model file.</param>
    /// <param name="metadata">The loss, normalization and class names stored with the network.</param>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double (see <see cref="ElementTypes"/>).</exception>
    /// <exception cref="OverflowException">A double weight lies beyond float's range, and <typeparamref name="T"/> is float.</exception>
    /// <exception cref="ModelFormatException">As for <see cref="Load(string)"/>.</exception>
    /// <exception cref="IOException">As for <see cref="Load(string)"/>.</exception>
    public static Network<T> Load<T>(string path, out ModelMetadata metadata)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ElementTypes.Require<T>();
        LoadedModel model = Load(path);
        metadata = model.Metadata;
        return model.ToNetwork<T>();
    }

    /// <summary>Checks a model file read whole and makes its <see cref="LoadedModel"/>.</summary>
    private static LoadedModel Load(SafetensorsFile file)
    {
        RequireFormat(file, Format);
        (int[] widths, LayerSpec[] layers, ModelMetadata metadata) = ReadArchitecture(file);
        var expected = new List<(string Name, long[] Shape)>();
        for (int i = 0; i < layers.Length; i++)
        {
            expected.Add(($"layers.{i}.weight", [widths[i + 1], widths[i]]));
            expected.Add(($"layers.{i}.bias", [widths[i + 1]]));
        }

        RequireTensors(file, expected, $"layers {file.Require("layers")}");
        file.VerifyMetadataDigest();
        file.VerifyTensorDigest();
        long end = file.Tensors[^1].End;
        string digest = file.Require(SafetensorsFile.MetadataDigestKey);
        return ModelValidation.Checked(file.Path, file.DType == "F32"
            ? new LoadedModel(metadata, widths, layers, Finite(file, file.Values<float>(0, end)), null, digest)
            : new LoadedModel(metadata, widths, layers, null, Finite(file, file.Values<double>(0, end)), digest));
    }

    /// <summary>
    /// The metadata a model file of any weight type shares: <c>format</c>, <c>layers</c>, <c>activations</c>,
    /// <c>loss</c>, and <c>normalization</c>, <c>target_normalization</c>, <c>classes</c> and <c>targets</c> when present.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The normalization's feature count is not <paramref name="inputs"/>, the target normalization's is not the output
    /// width, the target names are not one per output or come with class names, or a class or target name is null.
    /// </exception>
    internal static List<KeyValuePair<string, string>> ArchitectureEntries(string format, int inputs, ReadOnlySpan<LayerSpec> layers, ModelMetadata metadata)
    {
        var widths = new int[layers.Length + 1];
        widths[0] = inputs;
        var activations = new string[layers.Length];
        for (int i = 0; i < activations.Length; i++)
        {
            widths[i + 1] = layers[i].Units;
            activations[i] = Names.Of(layers[i].Activation);
        }

        var entries = new List<KeyValuePair<string, string>>
        {
            new("format", format),
            new("layers", string.Join(',', widths)),
            new("activations", string.Join(',', activations)),
            new("loss", Names.Of(metadata.Loss)),
        };

        // Written only when a layer drops, so that files of networks without dropout stay as they were.
        bool drops = false;
        foreach (LayerSpec layer in layers)
        {
            drops |= layer.DropoutRate > 0;
        }

        if (drops)
        {
            var rates = new string[layers.Length];
            for (int i = 0; i < rates.Length; i++)
            {
                rates[i] = layers[i].DropoutRate.ToString("R", CultureInfo.InvariantCulture);
            }

            entries.Add(new("dropout", string.Join(',', rates)));
        }

        AddNormalization(entries, "normalization", metadata.Normalization, inputs, "input");
        AddNormalization(entries, "target_normalization", metadata.TargetNormalization, widths[^1], "output");
        if (metadata.Classes is { } classes)
        {
            entries.Add(new("classes", NamesJson(classes, "class")));
        }

        if (metadata.Targets is { } targets)
        {
            // A file that names other outputs than it has, or both classes and targets, would be refused on load.
            if (targets.Count != widths[^1] || metadata.Classes is not null)
            {
                throw new ArgumentException(
                    $"Expected {widths[^1]} target names (one per output) and no class names, got {targets.Count} target names{(metadata.Classes is null ? "" : " and class names")}.", nameof(metadata));
            }

            entries.Add(new("targets", NamesJson(targets, "target")));
        }

        return entries;
    }

    /// <summary>Reads and checks what <see cref="ArchitectureEntries"/> writes: the widths, the layers and the metadata.</summary>
    internal static (int[] Widths, LayerSpec[] Layers, ModelMetadata Metadata) ReadArchitecture(SafetensorsFile file)
    {
        int[] widths = ParseWidths(file);
        var layers = new LayerSpec[widths.Length - 1];
        double[] rates = ParseDropout(file, layers.Length);
        string[] names = file.Require("activations").Split(',');
        if (names.Length != layers.Length)
        {
            throw file.Error($"activations names {names.Length} layers, but layers has {layers.Length} ({file.Require("layers")})");
        }

        for (int i = 0; i < layers.Length; i++)
        {
            if (!Names.TryParseActivation(names[i], out Activation activation))
            {
                throw file.Error($"layer {i}: unknown activation '{names[i]}'; expected one of {string.Join(", ", Names.Activations)}");
            }

            if (activation == Activation.Softmax && i != layers.Length - 1)
            {
                throw file.Error($"layer {i}: softmax is allowed on the output layer only (layer {layers.Length - 1})");
            }

            layers[i] = new LayerSpec(widths[i + 1], activation) { DropoutRate = rates[i] };
        }

        string lossName = file.Require("loss");
        if (!Names.TryParseLoss(lossName, out Loss loss))
        {
            throw file.Error($"unknown loss '{lossName}'; expected one of {string.Join(", ", Names.Losses)}");
        }

        var metadata = new ModelMetadata
        {
            Loss = loss,
            Normalization = ParseNormalization(file, "normalization", widths[0], "input"),
            TargetNormalization = ParseNormalization(file, "target_normalization", widths[^1], "output"),
            Classes = ParseNames(file, "classes"),
            Targets = ParseNames(file, "targets"),
        };

        return (widths, layers, metadata);
    }

    /// <summary>Requires the <c>format</c> metadata to be <paramref name="format"/>.</summary>
    internal static void RequireFormat(SafetensorsFile file, string format)
    {
        string stored = file.Require("format");
        if (stored != format)
        {
            throw file.Error($"format is '{stored}', expected '{format}'");
        }
    }

    /// <summary>The metadata count under <paramref name="key"/>, from 0 to <paramref name="max"/>.</summary>
    internal static long ParseCount(SafetensorsFile file, string key, long max)
    {
        string text = file.Require(key);
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value <= max
            ? value
            : throw file.Error($"{key} is '{text}', expected a whole number from 0 to {max}");
    }

    private static int[] ParseWidths(SafetensorsFile file)
    {
        string text = file.Require("layers");
        string[] parts = text.Split(',');
        var widths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out widths[i]) || widths[i] < 1)
            {
                throw file.Error($"layers '{text}': width {i} is '{parts[i]}', expected a whole number >= 1");
            }
        }

        if (widths.Length < 2)
        {
            throw file.Error($"layers '{text}': expected the input width and at least one layer width");
        }

        return widths;
    }

    private static void AddNormalization(List<KeyValuePair<string, string>> entries, string key, Normalization? normalization, int width, string side)
    {
        if (normalization is null)
        {
            return;
        }

        if (normalization.FeatureCount != width)
        {
            throw new ArgumentException(
                $"Expected a {key} of {width} features (the {side} width), got {normalization.FeatureCount}.", "metadata");
        }

        entries.Add(new(key, normalization.ToJson()));
    }

    private static Normalization? ParseNormalization(SafetensorsFile file, string key, int width, string side)
    {
        if (!file.Metadata.TryGetValue(key, out string? json))
        {
            return null;
        }

        Normalization normalization;
        try
        {
            normalization = Normalization.FromJson(json);
        }
        catch (FormatException e)
        {
            throw new ModelFormatException(file.Path, $"{key}: {e.Message}", e);
        }

        return normalization.FeatureCount == width
            ? normalization
            : throw file.Error($"{key} has {normalization.FeatureCount} features, but the {side} width is {width}");
    }

    /// <summary>The <c>dropout</c> rates, one per layer in [0, 1) and 0 on the output layer; all 0 when absent (older files).</summary>
    private static double[] ParseDropout(SafetensorsFile file, int layers)
    {
        var rates = new double[layers];
        if (!file.Metadata.TryGetValue("dropout", out string? text))
        {
            return rates;
        }

        string[] parts = text.Split(',');
        if (parts.Length != layers)
        {
            throw file.Error($"dropout names {parts.Length} layers, but layers has {layers} ({file.Require("layers")})");
        }

        for (int i = 0; i < layers; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out rates[i]) || !(rates[i] is >= 0 and < 1))
            {
                throw file.Error($"layer {i}: dropout rate '{parts[i]}'; expected a number in [0, 1)");
            }
        }

        if (rates[^1] != 0)
        {
            throw file.Error($"layer {layers - 1}: dropout rate {parts[^1]} on the output layer; expected 0 (dropout follows hidden layers only)");
        }

        return rates;
    }

    private static string[]? ParseNames(SafetensorsFile file, string key)
    {
        if (!file.Metadata.TryGetValue(key, out string? json))
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Array
                && document.RootElement.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
            {
                return [.. document.RootElement.EnumerateArray().Select(e => e.GetString()!)];
            }
        }
        catch (JsonException)
        {
            // Reported below with the value.
        }

        throw file.Error($"{key} '{json}' is not a JSON array of strings");
    }

    private static string NamesJson(IReadOnlyList<string> names, string what)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (int i = 0; i < names.Count; i++)
            {
                writer.WriteStringValue(names[i] ?? throw new ArgumentException($"Expected {what} names, got null at index {i}.", "metadata"));
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Requires exactly the expected tensors, stored in the order given, with the shapes given.</summary>
    internal static void RequireTensors(SafetensorsFile file, List<(string Name, long[] Shape)> expected, string what)
    {
        var present = file.Tensors.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var wanted = expected.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        string[] missing = [.. expected.Select(e => e.Name).Where(n => !present.Contains(n))];
        string[] extra = [.. file.Tensors.Select(t => t.Name).Where(n => !wanted.Contains(n))];
        if (missing.Length > 0 || extra.Length > 0)
        {
            throw file.Error(
                $"tensors do not match {what}: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", extra)}]");
        }

        for (int k = 0; k < expected.Count; k++)
        {
            TensorEntry t = file.Tensors[k];
            if (t.Name != expected[k].Name)
            {
                throw file.Error($"tensor {t.Name} is stored at data bytes [{t.Begin}, {t.End}), where {expected[k].Name} belongs (tensors are stored in layer order)");
            }

            if (!t.Shape.AsSpan().SequenceEqual(expected[k].Shape))
            {
                throw file.Error($"tensor {t.Name} has shape {t.ShapeText}, expected [{string.Join(", ", expected[k].Shape)}] for {what}");
            }
        }
    }

    /// <summary>Returns <paramref name="values"/> if all are finite.</summary>
    internal static T[] Finite<T>(SafetensorsFile file, T[] values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                throw file.Error($"parameter {i} is {values[i]}; expected finite values");
            }
        }

        return values;
    }
}
