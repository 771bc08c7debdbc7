using System.Buffers.Binary;
using System.Text.Json.Nodes;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using Xunit;

namespace VectorNN.Tests.IO;

/// <summary>
/// Model files whose checksums verify but whose parts contradict each other: each case rewrites the sample 4-5-3
/// tanh/softmax file with correct checksums and checks that loading names the file and the contradiction.
/// </summary>
public sealed class ModelValidationTests
{
    public static TheoryData<string> Cases => [.. Edits.Keys];

    private static Dictionary<string, (Action<string> Edit, string Message)> Edits { get; } = new()
    {
        ["too few classes"] = (p => SetMetadata(p, "classes", "[\"a\",\"b\"]"), "classes names 2 classes, expected 3: one per output of the 3-output network"),
        ["too many classes"] = (p => SetMetadata(p, "classes", "[\"a\",\"b\",\"c\",\"d\"]"), "classes names 4 classes, expected 3"),
        ["no classes"] = (p => SetMetadata(p, "classes", "[]"), "classes names 0 classes, expected 3"),
        ["duplicate class"] = (p => SetMetadata(p, "classes", "[\"a\",\"b\",\"a\"]"), "class 2 is 'a' again; expected distinct class names"),
        ["empty class name"] = (p => SetMetadata(p, "classes", "[\"a\",\"\",\"c\"]"), "class 1 has an empty name"),
        ["blank class name"] = (p => SetMetadata(p, "classes", "[\"a\",\"b\",\" \"]"), "class 2 has an empty name"),
        ["loss not fitting softmax"] = (p => SetMetadata(p, "loss", "binary-cross-entropy"), "loss binary-cross-entropy does not fit the output activation softmax"),
        ["cross-entropy without softmax"] = (p => SetMetadata(p, "activations", "tanh,logistic"), "loss cross-entropy does not fit the output activation logistic"),
        ["negative scale"] = (p => SetMetadata(p, "normalization", "{\"method\":\"zscore\",\"offsets\":[0,0,0,0],\"scales\":[1,-2,1,1]}"), "normalization scale 1 is -2; expected a positive scale"),
        ["targets beside classes"] = (p => SetMetadata(p, "targets", "[\"a\",\"b\",\"c\"]"), "the model names both classes and targets; expected one or the other"),
        ["too few targets"] = (p => SetTargets(p, "[\"a\"]"), "targets names 1 targets, expected 3: one per output of the network"),
        ["duplicate target"] = (p => SetTargets(p, "[\"a\",\"b\",\"a\"]"), "target 2 is 'a' again; expected distinct target names"),
        ["blank target name"] = (p => SetTargets(p, "[\"a\",\" \",\"c\"]"), "target 1 has an empty name"),
        ["negative target scale"] = (p => SetMetadata(p, "target_normalization", "{\"method\":\"zscore\",\"offsets\":[0,0,0],\"scales\":[1,-2,1]}"), "target_normalization scale 1 is -2; expected a positive scale"),
        ["overflowing weights"] = (p => ModelFiles.Rewrite(p, null, FillWith(1e38f)), "for an input of all 0: the weights overflow (largest magnitude 1E+38); expected finite outputs"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Load_RefusesAContradiction_InOneLineNamingTheFile(string name)
    {
        (Action<string> edit, string message) = Edits[name];
        ModelFiles.AssertRefusedAfter(edit, message);
    }

    [Theory]
    [InlineData(new[] { "no", "yes" }, null)]
    [InlineData(new[] { "yes" }, null)]
    [InlineData(new[] { "a", "b", "c" }, "classes names 3 classes, expected 1 or 2 (a binary classifier)")]
    public void SingleLogisticOutput_NamesOneOrBothClasses(string[] classes, string? error)
    {
        using var folder = new TempFolder();
        string path = folder.File("binary.safetensors");
        var network = new Network<double>(2, new LayerSpec(3, Activation.Relu), new LayerSpec(1, Activation.Logistic));
        network.Initialize(new WeightInit.Glorot(), 3);
        ModelFile.Save(path, network, new ModelMetadata { Loss = Loss.BinaryCrossEntropy, Classes = classes });

        if (error is null)
        {
            Assert.Equal(classes, ModelFile.Load(path).Metadata.Classes);
        }
        else
        {
            Assert.Contains(error, Assert.Throws<ModelFormatException>(() => ModelFile.Load(path)).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void LargeButHarmlessWeights_Load()
    {
        // 1e30 saturates tanh and leaves softmax finite: large is not wrong when the outputs stay finite.
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        ModelFile.Save(path, ModelFiles.Sample<float>(), ModelFiles.SampleMetadata());
        ModelFiles.Rewrite(path, null, FillWith(1e30f));
        Assert.Equal(1e30f, ModelFile.Load(path).AsSingle().GetParameters()[0]);
    }

    private static Func<byte[], byte[]> FillWith(float value) => data =>
    {
        for (int i = 0; i < data.Length; i += 4)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i), value);
        }

        return data;
    };

    private static void SetMetadata(string path, string key, string value) =>
        ModelFiles.Rewrite(path, h => h["__metadata__"]![key] = value);

    // The sample names classes: a regression model's targets replace them.
    private static void SetTargets(string path, string value) => ModelFiles.Rewrite(path, h =>
    {
        var metadata = (JsonObject)h["__metadata__"]!;
        metadata.Remove("classes");
        metadata["targets"] = value;
    });
}
