using System.Text.Json;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Tests.Cli;
using VectorNN.Tests.Training;
using VectorNN.Training;
using Xunit;

namespace VectorNN.Tests.Quantization;

public sealed class QuantizeCommandTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Quantize_ThenEvaluateAndPredict_RunTheInt8ModelAsAnyModel()
    {
        string model = SavedIrisModel();
        string quantized = temp.File("iris.int8.safetensors");
        VectorNNProgram.Result q = VectorNNProgram.Run("quantize", "--model", model, "--save", quantized, "--json");
        Assert.True(q.ExitCode == 0, q.ToString());
        Assert.Equal(new FileInfo(quantized).Length, q.Json().GetProperty("saved_bytes").GetInt64());
        Assert.NotNull(QuantizedModelFile.Load(quantized));

        string test = Path.Combine(AppContext.BaseDirectory, "data", "iris-test.csv");
        JsonElement floatScore = Evaluate(model, test);
        JsonElement int8Score = Evaluate(quantized, test);
        Assert.Equal(floatScore.GetProperty("accuracy").GetDouble(), int8Score.GetProperty("accuracy").GetDouble());
        // Cross-entropy of 30 samples: the int8 outputs differ from float ones by far less than 0.05 (see the error-bound tests).
        Assert.Equal(floatScore.GetProperty("loss").GetDouble(), int8Score.GetProperty("loss").GetDouble(), 0.05);

        string predictions = temp.File("predictions.csv");
        VectorNNProgram.Result predict = VectorNNProgram.Run("predict", "--model", quantized, "--input", test, "--output", predictions);
        Assert.True(predict.ExitCode == 0, predict.ToString());
        string[] lines = File.ReadAllLines(predictions);
        Assert.Equal("predicted,p_setosa,p_versicolor,p_virginica", lines[0]);
        Assert.Equal(31, lines.Length);
    }

    [Fact]
    public void Quantize_RefusesAnInt8Model_AndAMissingFile_WithOneLineAndExit1_AndAMissingSaveWithExit2()
    {
        string model = SavedIrisModel();
        string quantized = temp.File("iris.int8.safetensors");
        Assert.Equal(0, VectorNNProgram.Run("quantize", "--model", model, "--save", quantized).ExitCode);
        byte[] before = File.ReadAllBytes(quantized);

        VectorNNProgram.Result again = VectorNNProgram.Run("quantize", "--model", quantized, "--save", quantized);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already int8", again.Stderr);
        Assert.Single(again.Stderr.Trim().Split('\n'));
        Assert.Equal(before, File.ReadAllBytes(quantized));

        VectorNNProgram.Result missing = VectorNNProgram.Run("quantize", "--model", temp.File("none.safetensors"), "--save", quantized);
        Assert.Equal(1, missing.ExitCode);
        Assert.Single(missing.Stderr.Trim().Split('\n'));

        Assert.Equal(2, VectorNNProgram.Run("quantize", "--model", model).ExitCode);
    }

    private JsonElement Evaluate(string model, string data)
    {
        VectorNNProgram.Result r = VectorNNProgram.Run("evaluate", "--model", model, "--data", data, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.Json();
    }

    private string SavedIrisModel()
    {
        var network = new Network<float>(4, new LayerSpec(8, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Glorot(), 4);
        var options = new TrainingOptions { Loss = Loss.CrossEntropy, Epochs = 60, BatchSize = 8, Seed = 4 };
        new Trainer<float>(network, new Adam<float>(0.02), options).Fit(IrisFiles.Train<float>());
        string path = temp.File("iris.safetensors");
        ModelFile.Save(path, network, new ModelMetadata { Loss = Loss.CrossEntropy, Classes = ["setosa", "versicolor", "virginica"] });
        return path;
    }
}
