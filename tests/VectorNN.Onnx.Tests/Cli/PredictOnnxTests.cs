using VectorNN.Tests;
using VectorNN.Tests.Cli;
using Xunit;

namespace VectorNN.Onnx.Tests.Cli;

public sealed class PredictOnnxTests
{
    [Fact]
    public void PredictReadsAnOnnxModelAsItsImportedModelFile()
    {
        using var folder = new TempFolder();
        string onnx = Path.Combine(AppContext.BaseDirectory, "Fixtures", "torch_relu_softmax.onnx");
        string csv = folder.Write("x.csv", "a,b,c,d\n0.5,1.5,-2,3\n-1,0.25,4,0\n");
        VectorNNProgram.Result imported = VectorNNProgram.Run("import", "--onnx", onnx, "--save", folder.File("m.safetensors"));
        Assert.True(imported.ExitCode == 0, imported.ToString());

        VectorNNProgram.Result direct = VectorNNProgram.Run("predict", "--model", onnx, "--input", csv);
        VectorNNProgram.Result saved = VectorNNProgram.Run("predict", "--model", folder.File("m.safetensors"), "--input", csv);

        Assert.True(direct.ExitCode == 0, direct.ToString());
        Assert.Equal(3, direct.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(saved.Stdout, direct.Stdout);
    }

    [Fact]
    public void PredictWithABrokenOnnxModelExitsWithOne()
    {
        using var folder = new TempFolder();
        string onnx = folder.Write("broken.onnx", [0x08, 0x08, 0x3a, 0xff]);
        string csv = folder.Write("x.csv", "a\n1\n");

        VectorNNProgram.Result result = VectorNNProgram.Run("predict", "--model", onnx, "--input", csv);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith($"vectornn: {onnx}: not an ONNX model", result.Stderr);
    }
}
