using VectorNN.Data;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Tests;
using VectorNN.Tests.Cli;
using Xunit;

namespace VectorNN.Onnx.Tests.Cli;

public sealed class ExportCommandTests
{
    [Fact]
    public void ExportWritesTheLibrarysBytesForTheSavedModel()
    {
        using var folder = new TempFolder();
        string model = folder.File("iris.safetensors");
        var network = new Network<float>(4, new LayerSpec(5, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Uniform(-1, 1), 7);
        var metadata = new ModelMetadata
        {
            Loss = Loss.CrossEntropy,
            Normalization = new Normalization(NormalizationMethod.ZScore, [5.8, 3.0, 3.7, 1.2], [0.8, 0.4, 1.7, 0.7]),
            Classes = ["setosa", "versicolor", "virginica"],
        };
        ModelFile.Save(model, network, metadata);

        VectorNNProgram.Result result = VectorNNProgram.Run("export", "--model", model, "--onnx", folder.File("iris.onnx"));

        Assert.True(result.ExitCode == 0, result.ToString());
        LoadedModel loaded = ModelFile.Load(model);
        Assert.Equal(OnnxFile.Export(loaded.AsSingle(), loaded.Metadata), File.ReadAllBytes(folder.File("iris.onnx")));
    }

    [Fact]
    public void ExportOfACorruptModelExitsWithOneAndLeavesTheTargetAlone()
    {
        using var folder = new TempFolder();
        string model = folder.Write("bad.safetensors", [1, 2, 3]);
        string target = folder.Write("old.onnx", "keep");

        VectorNNProgram.Result result = VectorNNProgram.Run("export", "--model", model, "--onnx", target);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("bad.safetensors", result.Stderr);
        Assert.Equal("keep", File.ReadAllText(target));
    }

    [Fact]
    public void ExportWithoutTheOnnxOptionIsAUsageError()
    {
        VectorNNProgram.Result result = VectorNNProgram.Run("export", "--model", "m.safetensors");

        Assert.True(result.ExitCode == 2, result.ToString());
    }
}
