using System.Text.Json;
using Xunit;

namespace VectorNN.Tests.Cli;

/// <summary><c>train --class-weight</c> and <c>--dropout</c>, and <c>evaluate</c>'s per-class metrics, end to end.</summary>
public sealed class ClassWeightAndDropoutCliTests : IDisposable
{
    private readonly TempFolder temp = new();

    private static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("--class-weight", "1,2,3,4", "4 weight(s) given, but the training data has 3 classes")]
    [InlineData("--class-weight", "1,0,1", "positive, finite weights (> 0)")]
    [InlineData("--class-weight", "1,-2,1", "positive, finite weights (> 0)")]
    [InlineData("--class-weight", "1,NaN,1", "positive, finite weights (> 0)")]
    [InlineData("--dropout", "1", "rates in [0, 1)")]
    [InlineData("--dropout", "-0.1", "rates in [0, 1)")]
    [InlineData("--dropout", "0.2,0.1", "2 rates given for 1 hidden layer(s)")]
    public void BadOptions_ExitWithUsage_AndOneLine(string option, string value, string expected)
    {
        string model = temp.File("model.safetensors");
        VectorNNProgram.Result r = VectorNNProgram.Run(
            "train", "--train", Data("iris-train.csv"), "--layers", "4,8,3", "--epochs", "1", option, value, "--save", model);

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(expected, r.Stderr, StringComparison.Ordinal);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(model));
    }

    [Fact]
    public void BalancedWeightsAndDropout_Train_AndEvaluateReportsPerClassMetrics()
    {
        string model = temp.File("model.safetensors");
        VectorNNProgram.Result train = VectorNNProgram.Run(
            "train", "--train", Data("iris-train.csv"), "--layers", "4,8,6,3", "--epochs", "20", "--lr", "0.02", "--class-weight", "balanced",
            "--dropout", "0.2,0.1", "--save", model, "--json");
        Assert.True(train.ExitCode == 0, train.ToString());

        // iris-train.csv holds 40 samples of each class: balanced weights are 120 / (3 x 40) = 1.
        JsonElement t = train.Json();
        Assert.Equal([1.0, 1.0, 1.0], t.GetProperty("class_weights").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([0.2, 0.1, 0.0], t.GetProperty("dropout").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Contains("\"dropout\":\"0.2,0.1,0\"", File.ReadAllText(model), StringComparison.Ordinal);

        VectorNNProgram.Result evaluate = VectorNNProgram.Run("evaluate", "--model", model, "--data", Data("iris-test.csv"), "--json");
        Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
        JsonElement e = evaluate.Json();
        Assert.Equal(3, e.GetProperty("precision").GetArrayLength());
        Assert.Equal(3, e.GetProperty("recall").GetArrayLength());
        Assert.Equal(3, e.GetProperty("f1").GetArrayLength());
        double macro = e.GetProperty("f1").EnumerateArray().Average(v => v.GetDouble());
        Assert.Equal(macro, e.GetProperty("macro_f1").GetDouble(), 1e-12);

        VectorNNProgram.Result table = VectorNNProgram.Run("evaluate", "--model", model, "--data", Data("iris-test.csv"));
        Assert.Contains("macro average", table.Stdout, StringComparison.Ordinal);
    }
}
