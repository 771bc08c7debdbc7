using System.Text.Json.Nodes;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Quantization;
using VectorNN.Tests.IO;
using Xunit;

namespace VectorNN.Tests.Quantization;

public sealed class QuantizedModelFileTests
{
    [Fact]
    public void SaveThenLoad_GivesTheSamePredictions_MetadataAndDocumentedLayout()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.int8.safetensors");
        QuantizedNetwork network = Quantizer.Quantize(ModelFiles.Sample<float>());
        QuantizedModelFile.Save(path, network, ModelFiles.SampleMetadata());

        (JsonObject header, int dataStart) = ModelFiles.ReadHeader(File.ReadAllBytes(path));
        Assert.Equal("vectornn-int8", header["__metadata__"]!["format"]!.GetValue<string>());
        Assert.Equal("4,5,3", header["__metadata__"]!["layers"]!.GetValue<string>());
        Assert.Equal("I8", header["layers.0.weight"]!["dtype"]!.GetValue<string>());
        Assert.Equal("[5,4]", header["layers.0.weight"]!["shape"]!.ToJsonString());
        Assert.Equal("F32", header["layers.1.weight_scale"]!["dtype"]!.GetValue<string>());
        Assert.Equal("F32", header["layers.1.bias"]!["dtype"]!.GetValue<string>());
        Assert.Equal(ModelFiles.Sha256(File.ReadAllBytes(path).AsSpan(dataStart)), header["__metadata__"]!["sha256"]!.GetValue<string>());

        QuantizedModel loaded = QuantizedModelFile.Load(path);
        ModelFiles.AssertSame(ModelFiles.SampleMetadata(), loaded.Metadata);
        Assert.Equal(network.Layers.ToArray(), loaded.Network.Layers.ToArray());
        float[] inputs = [.. Enumerable.Range(0, 40).Select(i => MathF.Cos(i))];
        var expected = new float[30];
        var actual = new float[30];
        network.Predict(inputs, 10, expected);
        loaded.Network.Predict(inputs, 10, actual);
        Assert.Equal(ModelFiles.Bits(expected), ModelFiles.Bits(actual));
    }

    [Fact]
    public void TryLoad_ReturnsFalseForAFloatModel_AndLoadNamesTheFormat()
    {
        using var folder = new TempFolder();
        string path = folder.File("float.safetensors");
        ModelFile.Save(path, ModelFiles.Sample<float>(), ModelFiles.SampleMetadata());
        Assert.False(QuantizedModelFile.TryLoad(path, out QuantizedModel? model));
        Assert.Null(model);
        ModelFormatException e = Assert.Throws<ModelFormatException>(() => QuantizedModelFile.Load(path));
        Assert.Contains("format is 'vectornn', expected 'vectornn-int8'", e.Message);
    }

    [Fact]
    public void ModelFileLoad_RefusesAQuantizedFile_NamingTheDType()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.int8.safetensors");
        QuantizedModelFile.Save(path, Quantizer.Quantize(ModelFiles.Sample<float>()), ModelFiles.SampleMetadata());
        ModelFormatException e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(path));
        Assert.Contains("I8", e.Message);
    }

    public static TheoryData<string, string> Corruptions() => new()
    {
        { "weight byte", "sha256 mismatch" },
        { "metadata", "metadata_sha256 mismatch" },
        { "weight -128", "weight 2 is -128" },
        { "negative scale", "layers.0.weight_scale: value 0 is -" },
        { "infinite bias", "layers.1.bias: value 1 is Infinity" },
        { "F32 weights", "layers.0.weight is F32, expected I8" },
        { "renamed scale", "missing [layers.1.weight_scale], unexpected [layers.1.scale]" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Load_RejectsACorruptFile_WithOneClearMessage(string corruption, string message)
    {
        using var folder = new TempFolder();
        string path = folder.File("model.int8.safetensors");
        QuantizedModelFile.Save(path, Quantizer.Quantize(ModelFiles.Sample<float>()), ModelFiles.SampleMetadata());
        (JsonObject header, _) = ModelFiles.ReadHeader(File.ReadAllBytes(path));
        long Offset(string tensor) => header[tensor]!["data_offsets"]![0]!.GetValue<long>();
        switch (corruption)
        {
            case "weight byte":
                ModelFiles.Rewrite(path, editData: d => { d[3] ^= 1; return d; }, fixChecksums: false);
                break;
            case "metadata":
                ModelFiles.Rewrite(path, h => h["__metadata__"]!["loss"] = "mse", fixChecksums: false);
                break;
            case "weight -128":
                ModelFiles.Rewrite(path, editData: d => { d[2] = 0x80; return d; });
                break;
            case "negative scale":
                ModelFiles.Rewrite(path, editData: d => { d[Offset("layers.0.weight_scale") + 3] |= 0x80; return d; });
                break;
            case "infinite bias":
                ModelFiles.Rewrite(path, editData: d => { BitConverter.TryWriteBytes(d.AsSpan((int)Offset("layers.1.bias") + 4), float.PositiveInfinity); return d; });
                break;
            case "F32 weights":
                // The first weight matrix [5, 4] declared F32: 80 bytes where 20 were, every later tensor moved by 60.
                ModelFiles.Rewrite(
                    path,
                    h =>
                    {
                        foreach (var (name, tensor) in h.Where(e => e.Key != "__metadata__").ToArray())
                        {
                            var offsets = tensor!["data_offsets"]!.AsArray();
                            long begin = offsets[0]!.GetValue<long>(), end = offsets[1]!.GetValue<long>();
                            tensor["data_offsets"] = name == "layers.0.weight" ? new JsonArray(0, 80) : new JsonArray(begin + 60, end + 60);
                        }

                        h["layers.0.weight"]!["dtype"] = "F32";
                    },
                    d => [.. d.AsSpan(0, 20), .. new byte[60], .. d.AsSpan(20)]);
                break;
            case "renamed scale":
                ModelFiles.Rewrite(path, h =>
                {
                    JsonNode scale = h["layers.1.weight_scale"]!.DeepClone();
                    h.Remove("layers.1.weight_scale");
                    h["layers.1.scale"] = scale;
                });
                break;
        }

        ModelFormatException e = Assert.Throws<ModelFormatException>(() => QuantizedModelFile.Load(path));
        Assert.True(e.Message.Contains(message, StringComparison.Ordinal) && e.Message.Contains(path, StringComparison.Ordinal), e.Message);
    }
}
