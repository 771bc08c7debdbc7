using System.Globalization;
using System.Text;
using System.Text.Json;
using VectorNN.Data;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Quantization;
using VectorNN.Tests.Training;
using VectorNN.Training;
using Xunit;

namespace VectorNN.Tests.Cli;

/// <summary><c>vectornn gradcheck --model M --data D</c>: the stored network at its trained weights on the user's samples.</summary>
public sealed class GradcheckModelCliTests : IDisposable
{
    private static readonly string IrisTest = Path.Combine(AppContext.BaseDirectory, "data", "iris-test.csv");
    private static readonly string[] Species = ["setosa", "versicolor", "virginica"];

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void TrainedFloatModel_PassesInDouble_OnItsNormalizedSamples_NamingTheWorstSamplePerLayer()
    {
        string model = TrainedIris(Activation.Tanh);
        VectorNNProgram.Result r = VectorNNProgram.Run("gradcheck", "--model", model, "--data", IrisTest, "--samples", "5", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        JsonElement json = r.Json();
        Assert.True(json.GetProperty("passed").GetBoolean(), json.ToString());
        Assert.Equal("single", json.GetProperty("precision").GetString());
        Assert.Equal(5, json.GetProperty("samples").GetInt32());
        Assert.Equal("cross-entropy", json.GetProperty("loss").GetString());
        Assert.Equal(4 * 8 + 8 + (8 * 3) + 3, json.GetProperty("parameters_checked").GetInt32());
        JsonElement[] layers = [.. json.GetProperty("layers").EnumerateArray()];
        Assert.Equal(2, layers.Length);
        foreach (JsonElement layer in layers)
        {
            Assert.InRange(layer.GetProperty("max_relative_error").GetDouble(), 0, 1e-6);
            Assert.InRange(layer.GetProperty("sample").GetInt32(), 0, 4);
            Assert.Equal(0, layer.GetProperty("kinks").GetInt32());
            Assert.False(layer.GetProperty("worst_at_kink").GetBoolean());
        }

        // The same check on a terminal: a row per layer, and the verdict.
        VectorNNProgram.Result text = VectorNNProgram.Run("gradcheck", "--model", model, "--data", IrisTest, "--samples", "2");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("passed", text.Stdout);
        Assert.Contains("sample", text.Stdout);
    }

    [Fact]
    public void ReluUnitAtZero_IsAKink_Counted_AndTheWorstErrorSaysItSitsThere_WithExit1()
    {
        // Hidden unit 0 has zero weights and bias: its pre-activation is exactly 0 on every sample, where ReLU has a
        // kink; the central difference of its bias sees half the slope that back-propagation (derivative 0 at 0) gives.
        var network = new Network<double>(4, new LayerSpec(3, Activation.Relu), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Glorot(), 3);
        double[] weights = network.GetParameters();
        Array.Clear(weights, 0, 4);
        weights[12] = 0;
        network.SetParameters(weights);
        string model = temp.File("kink.safetensors");
        ModelFile.Save(model, network, new ModelMetadata { Loss = Loss.CrossEntropy, Classes = Species });

        VectorNNProgram.Result r = VectorNNProgram.Run("gradcheck", "--model", model, "--data", IrisTest, "--samples", "3", "--json");
        Assert.True(r.ExitCode == 1, r.ToString());
        JsonElement json = r.Json();
        Assert.False(json.GetProperty("passed").GetBoolean());
        JsonElement first = json.GetProperty("layers")[0];
        Assert.True(first.GetProperty("kinks").GetInt32() >= 3, first.ToString());
        Assert.True(first.GetProperty("worst_at_kink").GetBoolean(), first.ToString());
        Assert.True(first.GetProperty("max_relative_error").GetDouble() > 1e-6, first.ToString());

        VectorNNProgram.Result text = VectorNNProgram.Run("gradcheck", "--model", model, "--data", IrisTest, "--samples", "3");
        Assert.True(text.ExitCode == 1, text.ToString());
        Assert.Contains("kink", text.Stdout);
    }

    [Fact]
    public void DataOfAnotherWidth_IsOneLine_Exit1()
    {
        var network = new Network<float>(5, new LayerSpec(3, Activation.Softmax));
        string model = temp.File("five.safetensors");
        ModelFile.Save(model, network, new ModelMetadata { Loss = Loss.CrossEntropy, Classes = Species });
        VectorNNProgram.Result r = VectorNNProgram.Run("gradcheck", "--model", model, "--data", IrisTest);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Contains("expected 5 features", r.Stderr);
        Assert.Contains(IrisTest, r.Stderr);
    }

    [Fact]
    public void ANetworkTooLarge_GetsAnEstimateAndTheWayOut_AndASeededParameterSampleRuns()
    {
        // 200-200-3: 40,803 parameters; all of them on 8 samples: 2 x 40,803^2 x 8 = 2.7e10 multiply-adds, beyond 2e10.
        var network = new Network<float>(200, new LayerSpec(200, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Glorot(), 1);
        string model = temp.File("wide.safetensors");
        ModelFile.Save(model, network, new ModelMetadata { Loss = Loss.CrossEntropy, Classes = ["a", "b", "c"] });
        string data = WideCsv(200, 8);

        VectorNNProgram.Result refused = VectorNNProgram.Run("gradcheck", "--model", model, "--data", data);
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Single(refused.Stderr.Trim().Split('\n'));
        Assert.Contains("--parameters", refused.Stderr);
        Assert.Contains("40,803 parameters", refused.Stderr);

        VectorNNProgram.Result sampled = VectorNNProgram.Run("gradcheck", "--model", model, "--data", data, "--parameters", "60", "--seed", "2", "--json");
        Assert.True(sampled.ExitCode == 0, sampled.ToString());
        JsonElement json = sampled.Json();
        Assert.Equal(60, json.GetProperty("parameters_checked").GetInt32());
        Assert.Equal(8, json.GetProperty("samples").GetInt32());
        Assert.Equal(60, json.GetProperty("layers").EnumerateArray().Sum(l => l.GetProperty("parameters_checked").GetInt32()));

        // The same seed checks the same parameters.
        VectorNNProgram.Result again = VectorNNProgram.Run("gradcheck", "--model", model, "--data", data, "--parameters", "60", "--seed", "2", "--json");
        Assert.Equal(
            json.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("parameter").GetInt32()),
            again.Json().GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("parameter").GetInt32()));
    }

    [Theory]
    [InlineData("--data DATA", "--data")]
    [InlineData("--model MODEL", "--model")]
    [InlineData("--model MODEL --data DATA --layers 4,3", "--layers")]
    [InlineData("--model MODEL --data DATA --parameters 0", "--parameters")]
    [InlineData("--model MODEL --data DATA --parameters 1", "--parameters")]
    [InlineData("--model MODEL --data DATA --samples 0", "--samples")]
    [InlineData("--model MODEL --data DATA --loss binary-cross-entropy", "--loss")]
    [InlineData("--layers 4,3 --samples 3", "--samples")]
    public void BadUsage_IsExit2_InOneLine(string arguments, string option)
    {
        string model = TrainedIris(Activation.Tanh);
        string[] args = ["gradcheck", .. arguments.Replace("MODEL", model, StringComparison.Ordinal).Replace("DATA", IrisTest, StringComparison.Ordinal).Split(' ')];
        VectorNNProgram.Result r = VectorNNProgram.Run(args);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.StartsWith($"vectornn: {option}", r.Stderr);
    }

    [Fact]
    public void AnInt8Model_HasNoGradients_Exit2()
    {
        string int8 = temp.File("model.int8.safetensors");
        QuantizedModelFile.Save(int8, Quantizer.Quantize(ModelFile.Load(TrainedIris(Activation.Relu)).AsSingle()), new ModelMetadata { Loss = Loss.CrossEntropy, Classes = Species });
        VectorNNProgram.Result r = VectorNNProgram.Run("gradcheck", "--model", int8, "--data", IrisTest);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("int8", r.Stderr);
    }

    private string TrainedIris(Activation hidden)
    {
        Dataset<float> train = IrisFiles.Train<float>();
        Normalization normalization = Normalization.Fit<float>(NormalizationMethod.ZScore, train.Inputs, 4);
        float[] inputs = train.Inputs.ToArray();
        normalization.Apply<float>(inputs);
        var network = new Network<float>(4, new LayerSpec(8, hidden), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Glorot(), 4);
        var options = new TrainingOptions { Loss = Loss.CrossEntropy, Epochs = 20, BatchSize = 8, Seed = 4 };
        new Trainer<float>(network, new Adam<float>(0.02), options).Fit(new Dataset<float>(inputs, train.Targets.ToArray(), 4, 3, Species));
        string path = temp.File($"iris-{hidden}.safetensors");
        ModelFile.Save(path, network, new ModelMetadata { Loss = Loss.CrossEntropy, Normalization = normalization, Classes = Species });
        return path;
    }

    private string WideCsv(int features, int rows)
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', Enumerable.Range(0, features).Select(i => $"f{i}")) + ",label");
        for (int r = 0; r < rows; r++)
        {
            csv.AppendLine(string.Join(',', Enumerable.Range(0, features).Select(i => Math.Sin((r * features) + i).ToString("R", CultureInfo.InvariantCulture))) + "," + "abc"[r % 3]);
        }

        return temp.Write("wide.csv", csv.ToString());
    }
}
