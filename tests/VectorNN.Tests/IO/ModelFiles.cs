using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using VectorNN.Data;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;

namespace VectorNN.Tests.IO;

/// <summary>
/// Sample models and an independent reader and re-writer of the file layout, so tests check the bytes against the
/// documented format rather than against the library's own reader.
/// </summary>
internal static class ModelFiles
{
    /// <summary>A 4-5-3 tanh/softmax network with seeded weights.</summary>
    public static Network<T> Sample<T>(ulong seed = 7)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var network = new Network<T>(4, new LayerSpec(5, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Uniform(-1, 1), seed);
        return network;
    }

    /// <summary>Metadata with every optional part present.</summary>
    public static ModelMetadata SampleMetadata() => new()
    {
        Loss = Loss.CrossEntropy,
        Normalization = new Normalization(NormalizationMethod.ZScore, [5.8, 3.05, 3.76, 1.2], [0.83, 0.43, 1.76, 0.76]),
        Classes = ["setosa", "versicolor", "virginica \"v\" é"],
    };

    /// <summary>The header JSON and the offset of the tensor bytes, read by the documented layout.</summary>
    public static (JsonObject Header, int DataStart) ReadHeader(byte[] file)
    {
        int length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(file));
        var header = (JsonObject)JsonNode.Parse(Encoding.UTF8.GetString(file, 8, length))!;
        return (header, 8 + length);
    }

    /// <summary>Lower-case hex SHA-256.</summary>
    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The documented metadata checksum: entries except metadata_sha256, ordinal key order, key 0 value 0.</summary>
    public static string MetadataSha256(JsonObject metadata)
    {
        var bytes = new List<byte>();
        foreach (var entry in metadata.Where(e => e.Key != "metadata_sha256").OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(entry.Key));
            bytes.Add(0);
            bytes.AddRange(Encoding.UTF8.GetBytes(entry.Value!.GetValue<string>()));
            bytes.Add(0);
        }

        return Sha256(bytes.ToArray());
    }

    /// <summary>
    /// Rewrites a file after editing its header and tensor bytes, with both checksums recomputed (unless told not
    /// to), so a test can make a file that is wrong in exactly one way.
    /// </summary>
    public static void Rewrite(string path, Action<JsonObject>? editHeader = null, Func<byte[], byte[]>? editData = null, bool fixChecksums = true)
    {
        byte[] file = File.ReadAllBytes(path);
        (JsonObject header, int dataStart) = ReadHeader(file);
        byte[] data = file[dataStart..];
        editHeader?.Invoke(header);
        data = editData?.Invoke(data) ?? data;
        if (fixChecksums && header["__metadata__"] is JsonObject metadata)
        {
            metadata["sha256"] = Sha256(data);
            metadata["metadata_sha256"] = MetadataSha256(metadata);
        }

        File.WriteAllBytes(path, Frame(Encoding.UTF8.GetBytes(header.ToJsonString()), data));
    }

    /// <summary>The 8-byte length, the header padded with spaces to a multiple of 8, then the data.</summary>
    public static byte[] Frame(byte[] json, byte[] data)
    {
        int padded = (json.Length + 7) & ~7;
        var file = new byte[8 + padded + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)padded);
        json.CopyTo(file, 8);
        file.AsSpan(8 + json.Length, padded - json.Length).Fill((byte)' ');
        data.CopyTo(file, 8 + padded);
        return file;
    }

    /// <summary>Asserts that two models hold the same weights bit for bit and the same architecture and metadata.</summary>
    public static void AssertSame(LoadedModel expected, LoadedModel actual)
    {
        Xunit.Assert.Equal(expected.Precision, actual.Precision);
        Xunit.Assert.Equal(expected.LayerWidths, actual.LayerWidths);
        Xunit.Assert.Equal(expected.Activations, actual.Activations);
        Xunit.Assert.Equal(Bits(expected.AsDouble().GetParameters()), Bits(actual.AsDouble().GetParameters()));
        AssertSame(expected.Metadata, actual.Metadata);
    }

    /// <summary>Asserts equal metadata (normalization compared by its JSON form).</summary>
    public static void AssertSame(ModelMetadata expected, ModelMetadata actual)
    {
        Xunit.Assert.Equal(expected.Loss, actual.Loss);
        Xunit.Assert.Equal(expected.Normalization?.ToJson(), actual.Normalization?.ToJson());
        Xunit.Assert.Equal(expected.Classes, actual.Classes);
        Xunit.Assert.Equal(expected.Targets, actual.Targets);
        Xunit.Assert.Equal(expected.TargetNormalization?.ToJson(), actual.TargetNormalization?.ToJson());
    }

    /// <summary>The bit patterns, so -0 and 0 differ and NaN equals itself.</summary>
    public static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];

    /// <summary>The bit patterns, so -0 and 0 differ and NaN equals itself.</summary>
    public static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];

    /// <summary>Asserts that loading <paramref name="path"/> fails with one line that names the file and contains <paramref name="message"/>.</summary>
    public static void AssertRefused(string path, string message)
    {
        var e = Xunit.Assert.Throws<ModelFormatException>(() => ModelFile.Load(path));
        Xunit.Assert.Equal(path, e.Path);
        Xunit.Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
        Xunit.Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Xunit.Assert.DoesNotContain('\n', e.Message);
    }

    /// <summary>Saves the sample model with all metadata, applies <paramref name="edit"/> to the file, and asserts that loading it is refused with <paramref name="message"/>.</summary>
    public static void AssertRefusedAfter(Action<string> edit, string message)
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        ModelFile.Save(path, Sample<float>(), SampleMetadata());
        edit(path);
        AssertRefused(path, message);
    }
}
