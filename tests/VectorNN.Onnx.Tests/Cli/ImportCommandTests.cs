using VectorNN.Data;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Tests;
using VectorNN.Tests.Cli;
using Xunit;

namespace VectorNN.Onnx.Tests.Cli;

public sealed class ImportCommandTests
{
    [Fact]
    public void ImportOfAnExportedModelSavesTheSameParametersAndMetadata()
    {
        using var folder = new TempFolder();
        var network = new Network<double>(3, new LayerSpec(4, Activation.Relu), new LayerSpec(2, Activation.Softmax));
        network.Initialize(new WeightInit.Uniform(-1, 1), 3);
        var metadata = new ModelMetadata
        {
            Loss = Loss.CrossEntropy,
            Normalization = new Normalization(NormalizationMethod.MinMax, [1, 2, 3], [4, 5, 6]),
            Classes = ["no", "yes"],
        };
        string onnx = folder.Write("m.onnx", OnnxFile.Export(network, metadata));

        VectorNNProgram.Result result = VectorNNProgram.Run("import", "--onnx", onnx, "--save", folder.File("m.safetensors"));

        Assert.True(result.ExitCode == 0, result.ToString());
        LoadedModel loaded = ModelFile.Load(folder.File("m.safetensors"));
        Assert.Equal(ModelPrecision.Double, loaded.Precision);
        Assert.Equal(network.GetParameters(), loaded.AsDouble().GetParameters());
        Assert.Equal(metadata.Normalization.ToJson(), loaded.Metadata.Normalization!.ToJson());
        Assert.Equal(metadata.Classes, loaded.Metadata.Classes);
    }

    [Fact]
    public void ImportOfAnUnsupportedGraphExitsWithOneNamingTheNodeAndLeavesTheTargetAlone()
    {
        using var folder = new TempFolder();
        var g = new Generators.GraphBuilder(Protos.TensorProto.Types.DataType.Float, [0, 1, 4, 4]);
        string onnx = folder.Write("conv.onnx", g.Finish(g.Node("Conv", ["x", g.Initializer("k", [1, 1, 3, 3], new double[9])])));
        string target = folder.Write("old.safetensors", "keep");

        VectorNNProgram.Result result = VectorNNProgram.Run("import", "--onnx", onnx, "--save", target);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("conv.onnx: node 'conv_0' (Conv): operator Conv is not supported", result.Stderr);
        Assert.Equal("keep", File.ReadAllText(target));
    }
}
