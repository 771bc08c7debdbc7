using System.Text.Json;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Quantization;
using Xunit;

namespace VectorNN.Tests.Cli;

/// <summary>
/// <c>vectornn bench --model/--layers</c>: the shape of the profile of a user's own network (keys, runs, exit codes),
/// with the fewest repetitions; never its speed.
/// </summary>
public sealed class BenchProfileCliTests : IDisposable
{
    private static readonly string[] RunKeys =
    [
        "kind", "batch", "threads", "precision", "repetitions", "calls_per_repetition", "median_us", "min_us", "max_us", "q1_us", "q3_us", "samples_per_s",
        "gflops", "peak_fraction", "allocated_bytes_per_call",
    ];

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Layers_Json_HasATrainingAndAnInferenceRunPerBatchAndThreadCount_WithTheSpreadAndTheHandCountedFlops()
    {
        VectorNNProgram.Result r = VectorNNProgram.Run("bench", "--layers", "8,16,4", "--activation", "tanh", "--batch", "1,4", "--threads", "1", "--repetitions", "3", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        JsonElement json = r.Json();

        // 2 per multiply-add of the matrix products: inference 2 (8 x 16 + 16 x 4) = 384; a training step adds the
        // weight gradients (384 again) and the input gradient of every layer but the first, 2 x 16 x 4 = 128.
        Assert.Equal(384, json.GetProperty("inference_flop_per_sample").GetInt64());
        Assert.Equal(896, json.GetProperty("training_flop_per_sample").GetInt64());
        Assert.Equal("8,16,4", json.GetProperty("layers").GetString());
        Assert.Equal("tanh,softmax", json.GetProperty("activations").GetString());
        Assert.Equal(8 * 16 + 16 + (16 * 4) + 4, json.GetProperty("parameters").GetInt32());
        Assert.True(json.GetProperty("fma_peak_gflops").GetProperty("1").GetDouble() > 0, json.ToString());

        JsonElement[] runs = [.. json.GetProperty("runs").EnumerateArray()];
        Assert.Equal(
            ["train 1", "infer 1", "train 4", "infer 4"],
            runs.Select(run => $"{run.GetProperty("kind").GetString()} {run.GetProperty("batch").GetInt32()}"));
        foreach (JsonElement run in runs)
        {
            Assert.All(RunKeys, key => Assert.True(run.TryGetProperty(key, out _), $"{key} missing: {run}"));
            Assert.Equal(1, run.GetProperty("threads").GetInt32());
            Assert.Equal("single", run.GetProperty("precision").GetString());
            Assert.Equal(3, run.GetProperty("repetitions").GetInt32());
            Assert.True(run.GetProperty("calls_per_repetition").GetInt32() >= 1, run.ToString());
            double min = run.GetProperty("min_us").GetDouble(), q1 = run.GetProperty("q1_us").GetDouble(), median = run.GetProperty("median_us").GetDouble();
            double q3 = run.GetProperty("q3_us").GetDouble(), max = run.GetProperty("max_us").GetDouble();
            Assert.True(min > 0 && min <= q1 && q1 <= median && median <= q3 && q3 <= max, run.ToString());
            Assert.True(run.GetProperty("gflops").GetDouble() > 0 && run.GetProperty("peak_fraction").GetDouble() > 0, run.ToString());
            Assert.True(run.GetProperty("allocated_bytes_per_call").GetDouble() >= 0, run.ToString());

            // samples/s and GFLOP/s are the median call's: batch / median and FLOP / median.
            int batch = run.GetProperty("batch").GetInt32();
            long flop = run.GetProperty("kind").GetString() == "train" ? 896 : 384;
            Assert.Equal(batch / (median * 1e-6), run.GetProperty("samples_per_s").GetDouble(), 1e-9 * batch / (median * 1e-6));
            Assert.Equal(flop * batch / (median * 1e-6) / 1e9, run.GetProperty("gflops").GetDouble(), 1e-9 * run.GetProperty("gflops").GetDouble());
        }
    }

    [Fact]
    public void Layers_Terminal_PrintsOneRowPerRun_WithTheSpread()
    {
        VectorNNProgram.Result r = VectorNNProgram.Run("bench", "--layers", "6,5,3", "--batch", "2", "--threads", "1", "--repetitions", "3");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("FMA peak, 1 thread", r.Stdout);
        Assert.Contains("train, batch 2, 1 thread:", r.Stdout);
        Assert.Contains("infer, batch 2, 1 thread:", r.Stdout);
        Assert.Contains("IQR", r.Stdout);
        Assert.Contains("B/call", r.Stdout);
    }

    [Fact]
    public void FloatModel_DoublePrecision_RunsTheModelInDouble_WithItsLossAndWidths()
    {
        string model = SavedModel();
        VectorNNProgram.Result r = VectorNNProgram.Run("bench", "--model", model, "--batch", "3", "--threads", "1", "--precision", "double", "--repetitions", "3", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        JsonElement json = r.Json();
        Assert.Equal("5,7,3", json.GetProperty("layers").GetString());
        Assert.Equal("relu,softmax", json.GetProperty("activations").GetString());
        Assert.All(json.GetProperty("runs").EnumerateArray(), run => Assert.Equal("double", run.GetProperty("precision").GetString()));
        Assert.Equal(2, json.GetProperty("runs").GetArrayLength());
    }

    [Fact]
    public void Int8_IsInferenceOnly_AndSaysSo_ForAQuantizedFloatModelAndForAnInt8File()
    {
        string model = SavedModel();
        VectorNNProgram.Result quantized = VectorNNProgram.Run("bench", "--model", model, "--batch", "1,8", "--threads", "1", "--precision", "int8", "--repetitions", "3", "--json");
        Assert.True(quantized.ExitCode == 0, quantized.ToString());
        AssertInferenceOnly(quantized);

        string int8 = temp.File("model.int8.safetensors");
        QuantizedModelFile.Save(int8, Quantizer.Quantize(ModelFile.Load(model).AsSingle()), new ModelMetadata { Loss = Loss.CrossEntropy });
        VectorNNProgram.Result file = VectorNNProgram.Run("bench", "--model", int8, "--batch", "1,8", "--threads", "1", "--repetitions", "3", "--json");
        Assert.True(file.ExitCode == 0, file.ToString());
        AssertInferenceOnly(file);

        // An int8 file has no float weights to run in another precision.
        VectorNNProgram.Result single = VectorNNProgram.Run("bench", "--model", int8, "--precision", "single", "--repetitions", "3");
        Assert.True(single.ExitCode == 2, single.ToString());
        Assert.Contains("--precision", single.Stderr);
        Assert.Contains("int8", single.Stderr);

        static void AssertInferenceOnly(VectorNNProgram.Result r)
        {
            JsonElement json = r.Json();
            Assert.All(json.GetProperty("runs").EnumerateArray(), run => Assert.Equal("infer", run.GetProperty("kind").GetString()));
            Assert.All(json.GetProperty("runs").EnumerateArray(), run => Assert.Equal("int8", run.GetProperty("precision").GetString()));
            Assert.Equal(2, json.GetProperty("runs").GetArrayLength());
            Assert.Contains(json.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("inference only", StringComparison.Ordinal));
            Assert.Contains("inference only", r.Stderr);
        }
    }

    [Fact]
    public void OnnxModel_IsProfiledAsAnyModel()
    {
        string model = SavedModel();
        string onnx = temp.File("model.onnx");
        Assert.Equal(0, VectorNNProgram.Run("export", "--model", model, "--onnx", onnx).ExitCode);
        VectorNNProgram.Result r = VectorNNProgram.Run("bench", "--model", onnx, "--batch", "2", "--threads", "1", "--repetitions", "3", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("5,7,3", r.Json().GetProperty("layers").GetString());
    }

    [Fact]
    public void ThreadsAboveTheProcessorCount_AreAllowed_WithANote()
    {
        string threads = (Environment.ProcessorCount + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        VectorNNProgram.Result r = VectorNNProgram.Run("bench", "--layers", "4,3", "--batch", "1", "--threads", threads, "--repetitions", "3", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        JsonElement json = r.Json();
        Assert.All(json.GetProperty("runs").EnumerateArray(), run => Assert.Equal(Environment.ProcessorCount + 1, run.GetProperty("threads").GetInt32()));
        Assert.Contains(json.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("processor", StringComparison.Ordinal));
        Assert.Contains($"--threads {threads}", r.Stderr);
    }

    [Theory]
    [InlineData("--layers 4,3 --batch 0,32", "--batch")]
    [InlineData("--layers 4,3 --batch 32,-1", "--batch")]
    [InlineData("--layers 4,3 --batch 1,,2", "--batch")]
    [InlineData("--layers 4,3 --threads 0", "--threads")]
    [InlineData("--layers 4,3 --threads 1,x", "--threads")]
    [InlineData("--layers 4,3 --repetitions 0", "--repetitions")]
    [InlineData("--layers 4,3 --precision half", "--precision")]
    [InlineData("--layers 4,3 --activation softmax", "--activation")]
    [InlineData("--layers 4,3 --model m.safetensors", "--model")]
    [InlineData("--model m.safetensors --activation relu", "--activation")]
    [InlineData("--batch 32", "--batch")]
    [InlineData("--precision double", "--precision")]
    public void BadInput_IsAUsageError_InOneLine(string arguments, string option)
    {
        VectorNNProgram.Result r = VectorNNProgram.Run(["bench", .. arguments.Split(' ')]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("", r.Stdout);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.StartsWith($"vectornn: {option}", r.Stderr);
    }

    [Fact]
    public void MissingModel_IsABadFile()
    {
        VectorNNProgram.Result r = VectorNNProgram.Run("bench", "--model", temp.File("none.safetensors"), "--repetitions", "3");
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    private string SavedModel()
    {
        var network = new Network<float>(5, new LayerSpec(7, Activation.Relu), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.He(), 2);
        string path = temp.File("model.safetensors");
        ModelFile.Save(path, network, new ModelMetadata { Loss = Loss.CrossEntropy });
        return path;
    }
}
