using System.Globalization;
using System.Text.Json;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Tests.Data;
using VectorNN.Tests.Oracles;
using Xunit;

namespace VectorNN.Tests.Cli;

/// <summary>The <c>vectornn</c> program end to end: demos, train/evaluate/predict round trips, exit codes and errors.</summary>
public sealed class CliTests : IDisposable
{
    private readonly TempFolder temp = new();

    private static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    public void Dispose() => temp.Dispose();

    [Fact]
    public void WorkedExample_Json_ReproducesTheTutorialsDigits()
    {
        VectorNNProgram.Result r = VectorNNProgram.Run("demo", "worked-example", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        JsonElement json = r.Json();

        Printed.AssertMatches("0.75136507", json.GetProperty("initial_outputs")[0].GetDouble(), "out_o1");
        Printed.AssertMatches("0.772928465", json.GetProperty("initial_outputs")[1].GetDouble(), "out_o2");
        Printed.AssertMatches("0.298371109", json.GetProperty("initial_error").GetDouble(), "E_total");
        string[] published = ["0.149780716", "0.19956143", "0.24975114", "0.29950229", "0.35891648", "0.408666186", "0.511301270", "0.561370121"];
        for (int i = 0; i < 8; i++)
        {
            Printed.AssertMatches(published[i], json.GetProperty("updated_weights").GetProperty($"w{i + 1}").GetDouble(), $"w{i + 1}");
        }

        Assert.Equal(10_000, json.GetProperty("iterations").GetInt32());
        Printed.AssertMatches("0.0000351085", json.GetProperty("final_error").GetDouble(), "error at iteration 10,000");
        Assert.True(json.GetProperty("error_after_one_step").GetDouble() < json.GetProperty("initial_error").GetDouble());
        Assert.Equal(2, json.GetProperty("final_outputs").GetArrayLength());
    }

    [Fact]
    public void IrisDemo_Json_ReachesTheTutorialsAccuracy_AndReportsEveryTenthEpoch()
    {
        VectorNNProgram.Result r = VectorNNProgram.Run("demo", "iris", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        JsonElement json = r.Json();

        // The tutorial reports about 0.93 train and 0.97 test accuracy; seed 3 is the demo's default.
        Assert.True(json.GetProperty("train_accuracy").GetDouble() >= 0.9, r.Stdout);
        Assert.True(json.GetProperty("test_accuracy").GetDouble() >= 0.9, r.Stdout);
        Assert.Equal([10, 20, 30, 40, 50], json.GetProperty("error_history").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32()));
        Assert.True(json.GetProperty("elapsed_ms").GetDouble() > 0);
    }

    [Fact]
    public void NoArguments_RunsTheIrisDemo_PrintingRuntimeAndSimdWidth()
    {
        VectorNNProgram.Result r = VectorNNProgram.Run();
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains(".NET", r.Stdout);
        Assert.Contains("SIMD", r.Stdout);
        Assert.Contains("epoch   50", r.Stdout);
        Assert.Contains("test accuracy", r.Stdout);
    }

    [Fact]
    public void TrainEvaluatePredict_RoundTripThroughASavedModel()
    {
        string model = temp.File("iris.safetensors");
        string plot = temp.File("iris.png");
        VectorNNProgram.Result train = VectorNNProgram.Run(
            "train", "--train", Data("iris-train.csv"), "--test", Data("iris-test.csv"), "--layers", "4,16,3", "--activation", "tanh",
            "--optimizer", "adam", "--lr", "0.01", "--batch", "8", "--epochs", "40", "--normalize", "zscore", "--seed", "2",
            "--save", model, "--plot", plot, "--json");
        Assert.True(train.ExitCode == 0, train.ToString());
        JsonElement epochs = train.Json().GetProperty("epochs");
        Assert.Equal(40, epochs.GetArrayLength());
        JsonElement last = epochs[39];
        foreach (string key in new[] { "epoch", "train_loss", "test_loss", "test_accuracy", "samples_per_s", "seconds" })
        {
            Assert.True(last.TryGetProperty(key, out _), $"missing {key}: {last}");
        }

        Assert.True(last.GetProperty("test_accuracy").GetDouble() >= 0.9, last.ToString());
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(plot)[..4]);

        VectorNNProgram.Result evaluate = VectorNNProgram.Run("evaluate", "--model", model, "--data", Data("iris-test.csv"), "--json");
        Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
        JsonElement e = evaluate.Json();

        // The model carries the normalization and classes: evaluating it reproduces training's own test figures.
        Assert.Equal(last.GetProperty("test_accuracy").GetDouble(), e.GetProperty("accuracy").GetDouble());
        Assert.Equal(last.GetProperty("test_loss").GetDouble(), e.GetProperty("loss").GetDouble(), 1e-12);
        Assert.Equal(30, e.GetProperty("confusion_matrix").EnumerateArray().Sum(row => row.EnumerateArray().Sum(v => v.GetInt32())));
        Assert.Equal(["setosa", "versicolor", "virginica"], e.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));

        string predictions = temp.File("predictions.csv");
        VectorNNProgram.Result predict = VectorNNProgram.Run("predict", "--model", model, "--input", Data("iris-test.csv"), "--output", predictions);
        Assert.True(predict.ExitCode == 0, predict.ToString());
        string[] lines = File.ReadAllLines(predictions);
        Assert.Equal("predicted,p_setosa,p_versicolor,p_virginica", lines[0]);
        Assert.Equal(31, lines.Length);
        string[] species = File.ReadAllLines(Data("iris-test.csv"))[1..].Select(l => l.Split(',')[^1]).ToArray();
        int correct = lines[1..].Select((l, i) => l.Split(',')[0] == species[i] ? 1 : 0).Sum();
        Assert.Equal(e.GetProperty("accuracy").GetDouble(), correct / 30.0, 1e-12);
    }

    [Fact]
    public void Train_OutputActivation_SetsTheOutputLayer_AndOutputIsLeftToPredictsFile()
    {
        // train's output-layer activation and predict's output file once shared the name --output.
        string model = temp.File("identity.safetensors");
        VectorNNProgram.Result train = VectorNNProgram.Run(
            "train", "--train", Data("iris-train.csv"), "--layers", "4,5,3", "--output-activation", "identity", "--loss", "mse", "--epochs", "1", "--save", model);
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Equal(Activation.Identity, ModelFile.Load(model).Activations[^1]);

        VectorNNProgram.Result old = VectorNNProgram.Run("train", "--train", Data("iris-train.csv"), "--output", "identity");
        Assert.Equal(2, old.ExitCode);
        Assert.Contains("--output", old.Stderr);
    }

    [Fact]
    public void ZeroEpochs_SaveTheInitializedModel()
    {
        string model = temp.File("init.safetensors");
        VectorNNProgram.Result r = VectorNNProgram.Run("train", "--train", Data("iris.csv"), "--layers", "4,3", "--epochs", "0", "--save", model, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(0, r.Json().GetProperty("epochs").GetArrayLength());
        Assert.True(new FileInfo(model).Length > 8 + (15 * 4));
    }

    [Fact]
    public void Train_OnGzippedIdxFiles_FindsTheLabelsByTheNamingConvention()
    {
        // 40 images of 2 x 2 pixels in two classes, told apart by which half is bright.
        var pixels = new byte[40 * 4];
        var labels = new byte[40];
        for (int i = 0; i < 40; i++)
        {
            labels[i] = (byte)(i % 2);
            pixels[(i * 4) + (2 * labels[i])] = (byte)(200 + (i % 50));
            pixels[(i * 4) + (2 * labels[i]) + 1] = 255;
        }

        string images = temp.File("tiny-images-idx3-ubyte.gz");
        File.WriteAllBytes(images, IdxFiles.Gzip(IdxFiles.Images(40, 2, 2, pixels)));
        File.WriteAllBytes(temp.File("tiny-labels-idx1-ubyte.gz"), IdxFiles.Gzip(IdxFiles.Labels(labels)));

        string model = temp.File("tiny.safetensors");
        VectorNNProgram.Result r = VectorNNProgram.Run(
            "train", "--train", images, "--test-fraction", "0.25", "--layers", "4,8,2", "--epochs", "30", "--lr", "0.05", "--batch", "4",
            "--save", model, "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        JsonElement last = r.Json().GetProperty("epochs")[29];
        Assert.Equal(1.0, last.GetProperty("test_accuracy").GetDouble());

        // predict reads the images alone and names each one's class.
        string predictions = temp.File("tiny.csv");
        VectorNNProgram.Result predict = VectorNNProgram.Run("predict", "--model", model, "--input", images, "--output", predictions);
        Assert.True(predict.ExitCode == 0, predict.ToString());
        string[] lines = File.ReadAllLines(predictions);
        Assert.Equal("predicted,p_0,p_1", lines[0]);
        Assert.Equal(labels.Select(l => l.ToString(CultureInfo.InvariantCulture)), lines[1..].Select(l => l.Split(',')[0]));
    }

    [Fact]
    public void Init_ContinuesFromASavedModel_AndRejectsOtherLayers()
    {
        string model = temp.File("start.safetensors");
        string[] common = ["--train", Data("iris-train.csv"), "--test", Data("iris-test.csv"), "--activation", "tanh", "--normalize", "zscore", "--lr", "0.01", "--json"];
        VectorNNProgram.Result first = VectorNNProgram.Run(["train", .. common, "--layers", "4,8,3", "--epochs", "5", "--save", model]);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(File.Exists(model + ".optimizer"), "the optimizer state is saved beside the model");

        VectorNNProgram.Result resumed = VectorNNProgram.Run(["train", .. common, "--init", model, "--epochs", "20"]);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        double before = first.Json().GetProperty("epochs")[4].GetProperty("train_loss").GetDouble();
        double after = resumed.Json().GetProperty("epochs")[0].GetProperty("train_loss").GetDouble();

        // Training goes on from the saved weights: the first resumed epoch starts near where the last saved one ended,
        // far below a fresh network's first epoch.
        double fresh = first.Json().GetProperty("epochs")[0].GetProperty("train_loss").GetDouble();
        Assert.True(after < before * 1.5 && after < fresh, $"fresh {fresh}, saved {before}, resumed {after}");

        VectorNNProgram.Result mismatch = VectorNNProgram.Run(["train", .. common, "--init", model, "--layers", "4,9,3"]);
        Assert.True(mismatch.ExitCode == 2, mismatch.ToString());
        Assert.Contains("4,8,3", mismatch.Stderr);
    }

    [Fact]
    public void Bench_Json_ReportsEveryFigure()
    {
        VectorNNProgram.Result r = VectorNNProgram.Run("bench", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        JsonElement json = r.Json();
        // Every training and inference figure on the default thread count and (_t1) on one thread, and int8 inference.
        string[] keys =
        [
            "gemm512_gflops_t1", "gemm512_gflops_t2", "iris_step_us", "infer_batch1_us", "infer_batch1024_samples_per_s", "fma_peak_gflops_t1", "fma_peak_gflops_t2",
            "iris_step_us_t1", "infer_batch1_us_t1", "infer_batch1024_samples_per_s_t1", "infer_int8_batch1_us", "infer_int8_batch1024_samples_per_s",
            "infer_int8_batch1_us_t1", "infer_int8_batch1024_samples_per_s_t1",
        ];
        foreach (string key in keys)
        {
            Assert.True(json.GetProperty(key).GetDouble() > 0, $"{key}: {json}");
        }

        foreach (string key in new[] { "mlp_train_samples_per_s", "mlp_train_samples_per_s_t1" })
        {
            Assert.Equal(["32", "128", "512"], json.GetProperty(key).EnumerateObject().Select(p => p.Name));
            Assert.All(json.GetProperty(key).EnumerateObject(), p => Assert.True(p.Value.GetDouble() > 0));
        }
    }

    [Theory]
    [InlineData("cross-entropy")]
    [InlineData("half-sse")]
    [InlineData("mse")]
    [InlineData("binary-cross-entropy")]
    public void Gradcheck_PassesForEveryLoss(string loss)
    {
        VectorNNProgram.Result r = VectorNNProgram.Run("gradcheck", "--loss", loss, "--layers", "5,7,6,3", "--seed", "4", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        JsonElement json = r.Json();
        Assert.True(json.GetProperty("passed").GetBoolean());
        Assert.Equal(3, json.GetProperty("max_relative_error_per_layer").GetArrayLength());
        Assert.All(json.GetProperty("max_relative_error_per_layer").EnumerateArray(), e => Assert.InRange(e.GetDouble(), 0, 1e-6));
    }

    [Theory]
    [InlineData("train --train")]
    [InlineData("demo iris --epochs -1")]
    [InlineData("demo iris --frobnicate")]
    [InlineData("train --train x.csv --batch 0")]
    [InlineData("gradcheck --loss hinge")]
    [InlineData("train --train x.csv --precision half")]
    public void BadUsage_ExitsWithTwo_AndOneLineOnStderr(string commandLine)
    {
        VectorNNProgram.Result r = VectorNNProgram.Run(commandLine.Split(' '));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("", r.Stdout);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.StartsWith("vectornn: ", r.Stderr);
        Assert.DoesNotContain(UsageErrorTests.InternalErrorWording, r.Stderr);
    }

    [Fact]
    public void BadData_ExitsWithOne_NamingFileLineAndColumn()
    {
        string csv = temp.File("bad.csv");
        File.WriteAllLines(csv, ["a,b,label", "1,2,x", "3,oops,y"]);
        VectorNNProgram.Result r = VectorNNProgram.Run("train", "--train", csv, "--epochs", "1", "--json");
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Equal(1, r.Json().GetProperty("error").GetProperty("exit_code").GetInt32());
        Assert.Contains($"{csv}:3:2", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);

        File.WriteAllBytes(temp.File("bad.safetensors"), [1, 2, 3]);
        r = VectorNNProgram.Run("evaluate", "--model", temp.File("bad.safetensors"), "--data", Data("iris.csv"));
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("bad.safetensors", r.Stderr);

        r = VectorNNProgram.Run("train", "--train", temp.File("missing.csv"));
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("missing.csv", r.Stderr);
        Assert.DoesNotContain(UsageErrorTests.InternalErrorWording, r.Stderr);
    }
}
