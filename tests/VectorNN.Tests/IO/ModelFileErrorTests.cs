using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using VectorNN.IO;
using Xunit;

namespace VectorNN.Tests.IO;

/// <summary>Each case makes a saved file wrong in one way and checks that loading says what is wrong.</summary>
public sealed class ModelFileErrorTests
{
    // The sample 4-5-3 float network: layers.0.weight 80 bytes, layers.0.bias 20, layers.1.weight 60, layers.1.bias 12.
    private const int DataBytes = 172;

    public static TheoryData<string> Cases => [.. Edits.Keys];

    private static Dictionary<string, (Action<string> Edit, string Message)> Edits { get; } = new()
    {
        ["empty"] = (p => File.WriteAllBytes(p, []), "0 bytes long, shorter than the 8-byte header length"),
        ["5 bytes"] = (p => File.WriteAllBytes(p, [1, 2, 3, 4, 5]), "5 bytes long, shorter than the 8-byte header length"),
        ["absurd header length"] = (p => SetHeaderLength(p, 200_000_000), "beyond the 100000000-byte limit"),
        ["header length past the end"] = (p => SetHeaderLength(p, (ulong)new FileInfo(p).Length), "runs past the end of the file"),
        ["invalid UTF-8"] = (p => ReplaceInHeader(p, "tanh", [0x74, 0xFF, 0x6E, 0x68]), "not valid UTF-8"),
        ["invalid JSON"] = (p => ReplaceInHeader(p, "{", "["u8.ToArray()), "not valid JSON"),
        ["header not an object"] = (p => File.WriteAllBytes(p, ModelFiles.Frame("[1]"u8.ToArray(), [])), "expected an object"),
        ["no metadata"] = (p => ModelFiles.Rewrite(p, h => h.Remove("__metadata__")), "no __metadata__"),
        ["metadata not strings"] = (p => ModelFiles.Rewrite(p, h => h["__metadata__"]!["loss"] = 3, fixChecksums: false), "metadata 'loss' is a JSON Number, expected a string"),
        ["unknown activation"] = (p => SetMetadata(p, "activations", "tanh,swish"), "layer 1: unknown activation 'swish'; expected one of identity, logistic, tanh, relu, leaky-relu, softmax"),
        ["unknown loss"] = (p => SetMetadata(p, "loss", "hinge"), "unknown loss 'hinge'; expected one of half-sse, mse, cross-entropy, binary-cross-entropy"),
        ["activation count"] = (p => SetMetadata(p, "activations", "tanh"), "activations names 1 layers, but layers has 2"),
        ["softmax on a hidden layer"] = (p => SetMetadata(p, "activations", "softmax,softmax"), "layer 0: softmax is allowed on the output layer only"),
        ["missing format"] = (p => RemoveMetadata(p, "format"), "the metadata has no 'format'"),
        ["missing layers"] = (p => RemoveMetadata(p, "layers"), "the metadata has no 'layers'"),
        ["missing activations"] = (p => RemoveMetadata(p, "activations"), "the metadata has no 'activations'"),
        ["missing loss"] = (p => RemoveMetadata(p, "loss"), "the metadata has no 'loss'"),
        ["missing sha256"] = (p => ModelFiles.Rewrite(p, RemoveTensorChecksum, fixChecksums: false), "the metadata has no 'sha256'"),
        ["other format"] = (p => SetMetadata(p, "format", "gguf"), "format is 'gguf', expected 'vectornn'"),
        ["layers do not parse"] = (p => SetMetadata(p, "layers", "4,x,3"), "width 1 is 'x'"),
        ["shape disagrees with layers"] = (p => SetMetadata(p, "layers", "4,6,3"), "tensor layers.0.weight has shape [5, 4], expected [6, 4] for layers 4,6,3"),
        ["normalization of another width"] = (p => SetMetadata(p, "normalization", VectorNN.Data.Normalization.Identity(2).ToJson()), "normalization has 2 features, but the input width is 4"),
        ["normalization not parsing"] = (p => SetMetadata(p, "normalization", "{\"method\":\"zscore\"}"), "normalization: Expected a normalization object"),
        ["target normalization of another width"] = (p => SetMetadata(p, "target_normalization", VectorNN.Data.Normalization.Identity(2).ToJson()), "target_normalization has 2 features, but the output width is 3"),
        ["target normalization not parsing"] = (p => SetMetadata(p, "target_normalization", "[]"), "target_normalization: Expected a normalization object"),
        ["targets not an array"] = (p => SetMetadata(p, "targets", "\"y\""), "targets '\"y\"' is not a JSON array of strings"),
        ["dropout count"] = (p => SetMetadata(p, "dropout", "0.5"), "dropout names 1 layers, but layers has 2"),
        ["dropout rate of 1"] = (p => SetMetadata(p, "dropout", "1,0"), "layer 0: dropout rate '1'; expected a number in [0, 1)"),
        ["dropout not a number"] = (p => SetMetadata(p, "dropout", "x,0"), "layer 0: dropout rate 'x'; expected a number in [0, 1)"),
        ["dropout on the output layer"] = (p => SetMetadata(p, "dropout", "0,0.5"), "layer 1: dropout rate 0.5 on the output layer; expected 0"),
        ["classes not an array"] = (p => SetMetadata(p, "classes", "{\"a\":1}"), "is not a JSON array of strings"),
        ["missing tensor"] = (p => ModelFiles.Rewrite(p, h => h.Remove("layers.1.bias"), d => d[..^12]), "missing [layers.1.bias], unexpected []"),
        ["extra tensor"] = (p => ModelFiles.Rewrite(p, h => h["layers.2.weight"] = Tensor("F32", [1], DataBytes, DataBytes + 4), d => [.. d, 0, 0, 0, 0]), "missing [], unexpected [layers.2.weight]"),
        ["unsupported dtype"] = (p => ModelFiles.Rewrite(p, h => h["layers.0.bias"]!["dtype"] = "F16"), "tensor layers.0.bias: dtype 'F16' is not supported; expected F32 or F64"),
        ["mixed dtypes"] = (p => ModelFiles.Rewrite(p, h => h["layers.1.bias"] = Tensor("F64", [3], DataBytes - 12, DataBytes + 12), d => [.. d, .. new byte[12]]), "tensors of mixed dtypes"),
        ["gap between tensors"] = (p => ModelFiles.Rewrite(p, h => h["layers.1.bias"] = Tensor("F32", [3], DataBytes - 8, DataBytes + 4), d => [.. d, 0, 0, 0, 0]), "tensor layers.1.bias starts at byte 164 of the data, expected 160"),
        ["offsets out of range"] = (p => ModelFiles.Rewrite(p, h => h["layers.1.bias"] = Tensor("F32", [4], DataBytes - 12, DataBytes + 4)), "tensor layers.1.bias ends at byte 176 of the data, beyond its 172 bytes"),
        ["offsets not matching shape"] = (p => ModelFiles.Rewrite(p, h => h["layers.1.bias"] = Tensor("F32", [3], DataBytes - 12, DataBytes - 4)), "span 8 bytes, but shape [3] of F32 needs 12"),
        ["tensors out of layer order"] = (p => ModelFiles.Rewrite(p, SwapFirstLayer, d => [.. d[80..100], .. d[..80], .. d[100..]]), "tensor layers.0.bias is stored at data bytes [0, 20), where layers.0.weight belongs"),
        ["trailing bytes"] = (p => ModelFiles.Rewrite(p, null, d => [.. d, 1, 2, 3, 4]), "4 bytes follow the last tensor"),
        ["unknown tensor field"] = (p => ModelFiles.Rewrite(p, h => h["layers.0.bias"]!["dtypes"] = "F32"), "unexpected or repeated field 'dtypes'"),
        ["negative offset"] = (p => ModelFiles.Rewrite(p, h => h["layers.0.bias"]!["data_offsets"]![0] = -4), "data_offsets holds -4, expected integers >= 0"),
        ["tensor checksum"] = (p => ModelFiles.Rewrite(p, null, d => { d[5] ^= 1; return d; }, fixChecksums: false), "sha256 mismatch: the tensor bytes are corrupt"),
        ["metadata checksum"] = (p => ModelFiles.Rewrite(p, h => h["__metadata__"]!["classes"] = "[\"a\",\"b\",\"c\"]", fixChecksums: false), "metadata_sha256 mismatch: the header metadata is corrupt"),
        ["non-finite weight"] = (p => ModelFiles.Rewrite(p, null, d => { BinaryPrimitives.WriteSingleLittleEndian(d.AsSpan(8), float.NaN); return d; }), "parameter 2 is NaN; expected finite values"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Load_SaysWhatIsWrong(string name)
    {
        (Action<string> edit, string message) = Edits[name];
        ModelFiles.AssertRefusedAfter(edit, message);
    }

    [Fact]
    public void Rewrite_WithoutChanges_StillLoads()
    {
        // Guards the cases above: the re-writer alone must not make a file invalid.
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        ModelFile.Save(path, ModelFiles.Sample<float>(), ModelFiles.SampleMetadata());
        LoadedModel before = ModelFile.Load(path);
        ModelFiles.Rewrite(path);
        ModelFiles.AssertSame(before, ModelFile.Load(path));
    }

    private static JsonObject Tensor(string dtype, int[] shape, int begin, int end) => new()
    {
        ["dtype"] = dtype,
        ["shape"] = new JsonArray([.. shape.Select(s => JsonValue.Create(s))]),
        ["data_offsets"] = new JsonArray(begin, end),
    };

    private static void SwapFirstLayer(JsonObject header)
    {
        header["layers.0.bias"] = Tensor("F32", [5], 0, 20);
        header["layers.0.weight"] = Tensor("F32", [5, 4], 20, 100);
    }

    private static void RemoveTensorChecksum(JsonObject header)
    {
        var metadata = (JsonObject)header["__metadata__"]!;
        metadata.Remove("sha256");
        metadata["metadata_sha256"] = ModelFiles.MetadataSha256(metadata);
    }

    private static void SetMetadata(string path, string key, string value) =>
        ModelFiles.Rewrite(path, h => h["__metadata__"]![key] = value);

    private static void RemoveMetadata(string path, string key) =>
        ModelFiles.Rewrite(path, h => ((JsonObject)h["__metadata__"]!).Remove(key));

    private static void SetHeaderLength(string path, ulong length)
    {
        byte[] file = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt64LittleEndian(file, length);
        File.WriteAllBytes(path, file);
    }

    private static void ReplaceInHeader(string path, string what, byte[] replacement)
    {
        byte[] file = File.ReadAllBytes(path);
        int at = file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(what));
        replacement.CopyTo(file, at);
        File.WriteAllBytes(path, file);
    }
}
