using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Tests.IO;
using Xunit;

namespace VectorNN.Tests.Cli;

/// <summary><c>vectornn import --safetensors</c>: a PyTorch state_dict saved as a VectorNN model, and its usage and file errors.</summary>
public sealed class ImportStateDictCliTests
{
    private static readonly string Sequential = Path.Combine(AppContext.BaseDirectory, "Fixtures", "state-dict-sequential.safetensors");

    [Fact]
    public void ImportSavesTheStateDictsWeightsAsAModelFile()
    {
        using var folder = new TempFolder();

        VectorNNProgram.Result result = VectorNNProgram.Run(
            "import", "--safetensors", Sequential, "--activations", "relu,relu,softmax", "--save", folder.File("m.safetensors"), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([4, 9, 6, 3], result.Json().GetProperty("layers").EnumerateArray().Select(w => w.GetInt32()));
        LoadedModel saved = ModelFile.Load(folder.File("m.safetensors"));
        LoadedModel direct = StateDictImport.Load(Sequential, [Activation.Relu, Activation.Relu, Activation.Softmax]);
        Assert.Equal(direct.AsSingle().GetParameters(), saved.AsSingle().GetParameters());
        Assert.Equal(Loss.CrossEntropy, saved.Metadata.Loss);
    }

    [Fact]
    public void OrderAndLossAreApplied()
    {
        using var folder = new TempFolder();
        string shuffled = Path.Combine(AppContext.BaseDirectory, "Fixtures", "state-dict-shuffled.safetensors");

        VectorNNProgram.Result result = VectorNNProgram.Run(
            "import", "--safetensors", shuffled, "--activations", "relu,relu,identity", "--order", "input,hidden.0,output", "--loss", "half-sse",
            "--save", folder.File("m.safetensors"));

        Assert.True(result.ExitCode == 0, result.ToString());
        LoadedModel saved = ModelFile.Load(folder.File("m.safetensors"));
        Assert.Equal([3, 4, 6, 2], saved.LayerWidths);
        Assert.Equal(Loss.HalfSumSquaredError, saved.Metadata.Loss);
    }

    [Theory]
    [InlineData("exactly one of --onnx and --safetensors", "import", "--save", "m.safetensors")]
    [InlineData("exactly one of --onnx and --safetensors", "import", "--onnx", "x.onnx", "--safetensors", "SEQ", "--save", "m.safetensors")]
    [InlineData("--activations: required with --safetensors", "import", "--safetensors", "SEQ", "--save", "m.safetensors")]
    [InlineData("--activations: expected one of", "import", "--safetensors", "SEQ", "--activations", "relu,rleu,softmax", "--save", "m.safetensors")]
    [InlineData("--activations: Activation 1 of 3 is Softmax", "import", "--safetensors", "SEQ", "--activations", "softmax,relu,softmax", "--save", "m.safetensors")]
    [InlineData("--order: The layer order names '0' twice.", "import", "--safetensors", "SEQ", "--activations", "relu,relu,softmax", "--order", "0,0,4", "--save", "m.safetensors")]
    public void UsageErrorsExitWithTwo(string message, params string[] args)
    {
        using var folder = new TempFolder();
        string[] resolved = [.. args.Select(a => a == "SEQ" ? Sequential : a.EndsWith(".safetensors", StringComparison.Ordinal) ? folder.File(a) : a)];

        VectorNNProgram.Result result = VectorNNProgram.Run(resolved);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr);
        Assert.False(File.Exists(folder.File("m.safetensors")));
    }

    [Fact]
    public void AFileThatDoesNotFitExitsWithOneAndLeavesTheTargetAlone()
    {
        using var folder = new TempFolder();
        string path = StateDicts.Write(folder, "in.safetensors", StateDicts.Weight("0.weight", 3, 2), StateDicts.Weight("2.weight", 4, 5));
        string target = folder.Write("m.safetensors", "existing");

        VectorNNProgram.Result result = VectorNNProgram.Run("import", "--safetensors", path, "--activations", "relu,softmax", "--save", target);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("tensor 2.weight has shape [4, 5]", result.Stderr);
        Assert.Equal("existing", File.ReadAllText(target));
    }
}
