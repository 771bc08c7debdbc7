using System.Buffers.Binary;
using System.Text.Json.Nodes;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Memory;
using Xunit;

namespace VectorNN.Tests.IO;

public sealed class ModelFileTests
{
    [Fact]
    public void Float_RoundTrips_BitIdentically_WithArchitectureAndMetadata()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        Network<float> network = ModelFiles.Sample<float>();
        network.Parameters.Values[3] = -0f;
        network.Parameters.Values[4] = float.Epsilon;
        ModelMetadata metadata = ModelFiles.SampleMetadata();

        ModelFile.Save(path, network, metadata);
        LoadedModel loaded = ModelFile.Load(path);

        Assert.Equal(ModelPrecision.Single, loaded.Precision);
        Assert.Equal([4, 5, 3], loaded.LayerWidths);
        Assert.Equal([Activation.Tanh, Activation.Softmax], loaded.Activations);
        Network<float> restored = loaded.AsSingle();
        Assert.Equal(network.Layers.ToArray(), restored.Layers.ToArray());
        Assert.Equal(ModelFiles.Bits(network.GetParameters()), ModelFiles.Bits(restored.GetParameters()));
        ModelFiles.AssertSame(metadata, loaded.Metadata);
        Assert.NotSame(restored, loaded.AsSingle());
    }

    [Fact]
    public void Double_RoundTrips_BitIdentically_AndWithoutOptionalMetadata()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        var network = new Network<double>(3, new LayerSpec(2, Activation.LeakyRelu), new LayerSpec(2, Activation.Relu), new LayerSpec(1, Activation.Logistic));
        network.Initialize(new WeightInit.Uniform(-3, 3), 11);
        var metadata = new ModelMetadata { Loss = Loss.BinaryCrossEntropy };

        ModelFile.Save(path, network, metadata);
        LoadedModel loaded = ModelFile.Load(path);

        Assert.Equal(ModelPrecision.Double, loaded.Precision);
        Assert.Equal(network.Layers.ToArray(), loaded.AsDouble().Layers.ToArray());
        Assert.Equal(ModelFiles.Bits(network.GetParameters()), ModelFiles.Bits(loaded.AsDouble().GetParameters()));
        Assert.Null(loaded.Metadata.Normalization);
        Assert.Null(loaded.Metadata.Classes);
        Assert.Equal(Loss.BinaryCrossEntropy, loaded.Metadata.Loss);
        (JsonObject header, _) = ModelFiles.ReadHeader(File.ReadAllBytes(path));
        Assert.False(header["__metadata__"]!.AsObject().ContainsKey("normalization"));
        Assert.False(header["__metadata__"]!.AsObject().ContainsKey("classes"));
    }

    [Fact]
    public void ConvertingPrecision_WidensExactly_AndRoundsToNearest()
    {
        using var folder = new TempFolder();
        string single = folder.File("f.safetensors"), dbl = folder.File("d.safetensors");
        Network<float> f = ModelFiles.Sample<float>();
        Network<double> d = ModelFiles.Sample<double>();
        ModelFile.Save(single, f, new ModelMetadata());
        ModelFile.Save(dbl, d, new ModelMetadata());

        Assert.Equal(f.GetParameters().Select(w => (double)w), ModelFile.Load(single).AsDouble().GetParameters());
        Assert.Equal(d.GetParameters().Select(w => (float)w), ModelFile.Load(dbl).AsSingle().GetParameters());
    }

    [Fact]
    public void FrozenGroups_AreNotStored()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        Network<float> network = ModelFiles.Sample<float>();
        network.Freeze(0, ParameterGroups.All);
        ModelFile.Save(path, network, new ModelMetadata());

        Network<float> restored = ModelFile.Load(path).AsSingle();
        Assert.Equal(ParameterGroups.None, restored.Parameters.FrozenGroups(0));
        Assert.Equal(network.GetParameters(), restored.GetParameters());
    }

    [Fact]
    public void Header_IsTheDocumentedSafetensorsJson()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        Network<float> network = ModelFiles.Sample<float>();
        ModelMetadata metadata = ModelFiles.SampleMetadata();
        ModelFile.Save(path, network, metadata);
        byte[] file = File.ReadAllBytes(path);

        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.Equal(0UL, length % 8);
        (JsonObject header, int dataStart) = ModelFiles.ReadHeader(file);
        Assert.Equal(['{'], file.AsSpan(8, 1).ToArray().Select(b => (char)b));
        Assert.Equal(
            ["__metadata__", "layers.0.bias", "layers.0.weight", "layers.1.bias", "layers.1.weight"],
            header.Select(p => p.Key).Order(StringComparer.Ordinal));
        byte[] data = file[dataStart..];
        float[] weights = network.GetParameters();
        Assert.Equal(weights.Length * 4, data.Length);
        int offset = 0;
        int[] widths = [4, 5, 3];
        for (int i = 0; i < 2; i++)
        {
            foreach ((string suffix, int[] shape) in new[] { ("weight", new[] { widths[i + 1], widths[i] }), ("bias", new[] { widths[i + 1] }) })
            {
                JsonObject tensor = header[$"layers.{i}.{suffix}"]!.AsObject();
                Assert.Equal(["data_offsets", "dtype", "shape"], tensor.Select(p => p.Key).Order(StringComparer.Ordinal));
                Assert.Equal("F32", tensor["dtype"]!.GetValue<string>());
                Assert.Equal(shape, tensor["shape"]!.AsArray().Select(n => n!.GetValue<int>()));
                int size = shape.Aggregate(4, (a, b) => a * b);
                Assert.Equal([offset, offset + size], tensor["data_offsets"]!.AsArray().Select(n => n!.GetValue<int>()));
                offset += size;
            }
        }

        for (int k = 0; k < weights.Length; k++)
        {
            Assert.Equal(weights[k], BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(4 * k)));
        }

        JsonObject meta = header["__metadata__"]!.AsObject();
        Assert.All(meta, p => Assert.Equal(System.Text.Json.JsonValueKind.String, p.Value!.GetValueKind()));
        Assert.Equal("vectornn", meta["format"]!.GetValue<string>());
        Assert.Equal("4,5,3", meta["layers"]!.GetValue<string>());
        Assert.Equal("tanh,softmax", meta["activations"]!.GetValue<string>());
        Assert.Equal("cross-entropy", meta["loss"]!.GetValue<string>());
        Assert.Equal(metadata.Normalization!.ToJson(), meta["normalization"]!.GetValue<string>());
        Assert.Equal(metadata.Classes, JsonNode.Parse(meta["classes"]!.GetValue<string>())!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(ModelFiles.Sha256(data), meta["sha256"]!.GetValue<string>());
        Assert.Equal(ModelFiles.MetadataSha256(meta), meta["metadata_sha256"]!.GetValue<string>());
    }

    [Fact]
    public void Save_IntoAMissingFolder_Throws_AndCreatesNothing()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "absent", "model.safetensors");
        Assert.Throws<DirectoryNotFoundException>(() => ModelFile.Save(path, ModelFiles.Sample<float>(), new ModelMetadata()));
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "absent")));
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        using var folder = new TempFolder();
        Assert.Throws<FileNotFoundException>(() => ModelFile.Load(folder.File("none.safetensors")));
    }

    [Fact]
    public void Save_RejectsNormalizationOfAnotherWidth_AndNullClassNames()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        var wrongWidth = new ModelMetadata { Normalization = VectorNN.Data.Normalization.Identity(3) };
        Assert.Throws<ArgumentException>(() => ModelFile.Save(path, ModelFiles.Sample<float>(), wrongWidth));
        var nullClass = new ModelMetadata { Classes = ["a", null!, "c"] };
        Assert.Throws<ArgumentException>(() => ModelFile.Save(path, ModelFiles.Sample<float>(), nullClass));
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void RegressionMetadata_RoundTrips_TargetNamesAndStandardization()
    {
        using var folder = new TempFolder();
        string path = folder.File("regression.safetensors");
        var network = new Network<double>(3, new LayerSpec(4, Activation.Relu), new LayerSpec(2, Activation.Identity));
        network.Initialize(new WeightInit.Uniform(-1, 1), 5);
        var metadata = new ModelMetadata
        {
            Loss = Loss.MeanSquaredError,
            Normalization = VectorNN.Data.Normalization.Identity(3),
            Targets = ["progression", "bmi \"kg/m2\""],
            TargetNormalization = new VectorNN.Data.Normalization(VectorNN.Data.NormalizationMethod.ZScore, [152.1, 26.4], [77.0, 4.4]),
        };

        ModelFile.Save(path, network, metadata);
        LoadedModel loaded = ModelFile.Load(path);

        ModelFiles.AssertSame(metadata, loaded.Metadata);
        (JsonObject header, _) = ModelFiles.ReadHeader(File.ReadAllBytes(path));
        Assert.Equal("[\"progression\",\"bmi \\u0022kg/m2\\u0022\"]", header["__metadata__"]!["targets"]!.GetValue<string>());
        Assert.Equal(metadata.TargetNormalization.ToJson(), header["__metadata__"]!["target_normalization"]!.GetValue<string>());
    }

    [Fact]
    public void Save_RejectsTargetsThatDoNotNameEveryOutput_OrComeWithClasses()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        Network<float> sample = ModelFiles.Sample<float>();
        Assert.Throws<ArgumentException>(() => ModelFile.Save(path, sample, new ModelMetadata { Targets = ["a", "b"] }));
        Assert.Throws<ArgumentException>(() => ModelFile.Save(path, sample, new ModelMetadata { Targets = ["a", "b", "c"], Classes = ["a", "b", "c"] }));
        Assert.Throws<ArgumentException>(() => ModelFile.Save(path, sample, new ModelMetadata { TargetNormalization = VectorNN.Data.Normalization.Identity(2) }));
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }
}
