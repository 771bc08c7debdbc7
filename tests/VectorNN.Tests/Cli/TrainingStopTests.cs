using System.Text.Json;
using Xunit;

namespace VectorNN.Tests.Cli;

/// <summary>
/// <c>train</c> stopped before its end, by divergence or by a signal: the one line that says where, the exit code, and
/// the files at <c>--save</c> left as they were unless <c>--save-on-interrupt</c> asks otherwise.
/// </summary>
public sealed class TrainingStopTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    /// <summary>A good model saved by a short training run, and the bytes of every file that run wrote.</summary>
    private (string Model, Dictionary<string, byte[]> Files) GoodModel()
    {
        string model = temp.File("good.safetensors");
        VectorNNProgram.Result r = VectorNNProgram.Run("train", "--train", Data("iris.csv"), "--layers", "4,8,3", "--epochs", "2", "--save", model);
        Assert.True(r.ExitCode == 0, r.ToString());
        return (model, Directory.GetFiles(temp.Path).ToDictionary(f => f, File.ReadAllBytes));
    }

    private void AssertUntouched(Dictionary<string, byte[]> files)
    {
        Assert.Equal(files.Keys.Order(), Directory.GetFiles(temp.Path).Order());
        foreach ((string path, byte[] bytes) in files)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(path)), $"{path} changed");
        }
    }

    [Fact]
    public void FiniteDivergence_ExitsWithOne_NamingEpochBatchAndLayer_AndLeavesTheSavedModel()
    {
        (string model, Dictionary<string, byte[]> files) = GoodModel();

        // SGD at 1e6 on cross-entropy: the loss reaches about 1e10 while staying finite.
        VectorNNProgram.Result r = VectorNNProgram.Run(
            "train", "--train", Data("iris.csv"), "--layers", "4,8,3", "--loss", "cross-entropy", "--optimizer", "sgd", "--lr", "1e6",
            "--epochs", "5", "--save", model, "--json");

        Assert.True(r.ExitCode == 1, r.ToString());
        string line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("epoch 1, batch [0-9]+: the loss is .* layer [01] ", line);
        Assert.DoesNotContain(UsageErrorTests.InternalErrorWording, line);
        JsonElement error = r.Json().GetProperty("error");
        Assert.Equal(1, error.GetProperty("epoch").GetInt32());
        Assert.InRange(error.GetProperty("layer").GetInt32(), 0, 1);
        AssertUntouched(files);
    }

    [Theory]
    [InlineData("INT", 130, "SIGINT")]
    [InlineData("TERM", 143, "SIGTERM")]
    public void Signal_StopsAtTheNextBatch_SaysWhere_AndLeavesTheFiles(string signal, int exitCode, string name)
    {
        (string model, Dictionary<string, byte[]> files) = GoodModel();
        using VectorNNProgram.Running run = VectorNNProgram.Start(
            "train", "--train", Data("iris.csv"), "--layers", "4,8,3", "--batch", "1", "--epochs", "200000", "--save", model, "--plot", temp.File("plot.png"));

        // Readiness: an epoch line on stdout means the handlers are in place and training runs. The 200,000 epochs take
        // well over ten seconds, so the signal arrives long before the end.
        if (!run.WaitForOutput("epoch   1 "))
        {
            Assert.Fail(run.WaitForExit().ToString());
        }

        run.Signal(signal);
        VectorNNProgram.Result r = run.WaitForExit();

        Assert.True(r.ExitCode == exitCode, r.ToString());
        string line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches($"^vectornn: interrupted by {name}: training stopped before epoch [0-9]+, batch [0-9]+; nothing was saved", line);
        AssertUntouched(files);
    }

    [Fact]
    public void SaveOnInterrupt_SavesThePartialModel()
    {
        (string model, Dictionary<string, byte[]> files) = GoodModel();
        using VectorNNProgram.Running run = VectorNNProgram.Start(
            "train", "--train", Data("iris.csv"), "--layers", "4,8,3", "--batch", "1", "--epochs", "200000", "--save", model, "--save-on-interrupt");

        if (!run.WaitForOutput("epoch   2 "))
        {
            Assert.Fail(run.WaitForExit().ToString());
        }

        run.Signal("INT");
        VectorNNProgram.Result r = run.WaitForExit();

        Assert.True(r.ExitCode == 130, r.ToString());
        Assert.Contains($"the partial model was saved to {model}", r.Stderr);
        Assert.False(files[model].AsSpan().SequenceEqual(File.ReadAllBytes(model)), "the partial model replaces the old one");
        VectorNNProgram.Result evaluate = VectorNNProgram.Run("evaluate", "--model", model, "--data", Data("iris.csv"), "--json");
        Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
    }
}
