using System.Text.Json;
using Xunit;

namespace VectorNN.Tests.Cli;

/// <summary>
/// Every data set of the repository trains with <c>vectornn train</c> and its defaults (100 epochs, z-score inputs,
/// Adam at 1e-3, one hidden layer of 64) to the level the README's table states, on a seeded held-out fifth.
/// </summary>
public sealed class RepositoryDataCliTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    // Measured with seed 1: iris 0.967, wine 1.000, digits 0.975 (the gzip CSV, header included). 0.9 leaves room for
    // another machine's rounding, not for a network that has not learned (the largest class is at most 0.40 of any set).
    [Theory]
    [InlineData("iris.csv")]
    [InlineData("wine.csv")]
    [InlineData("digits.csv.gz")]
    public void AClassificationSet_ReachesTheStatedAccuracy_WithTheDefaults(string file)
    {
        VectorNNProgram.Result r = VectorNNProgram.Run("train", "--train", Data(file), "--test-fraction", "0.2", "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        double accuracy = r.Json().GetProperty("summary").GetProperty("test_accuracy").GetDouble();
        Assert.True(accuracy >= 0.9, $"{file}: {accuracy}");
    }

    [Fact]
    public void TheDiabetesSet_ReachesTheStatedRSquared_WithStandardizedTargets()
    {
        // Measured with seed 1: R^2 0.497. Unstandardized targets (25 to 346) reach only 0.22 in the default 100 epochs:
        // the output has to grow a hundredfold at Adam's 1e-3 steps. Least squares explains about 0.45 on such a split.
        VectorNNProgram.Result r = VectorNNProgram.Run(
            "train", "--train", Data("diabetes.csv"), "--target", "progression", "--standardize-targets", "--test-fraction", "0.2", "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        JsonElement overall = r.Json().GetProperty("summary").GetProperty("test_metrics").GetProperty("overall");
        Assert.True(overall.GetProperty("r2").GetDouble() >= 0.35, overall.ToString());
    }

    [Fact]
    public void AGzipCsvByName_IsReadAsCsv_ByEvaluateAndPredict()
    {
        // Gzip content alone looks like gzip IDX; the name .csv.gz says CSV. Once the IDX path took it and asked for a
        // labels file named by the MNIST convention.
        string model = temp.File("digits.safetensors");
        Assert.Equal(0, VectorNNProgram.Run("train", "--train", Data("digits.csv.gz"), "--epochs", "1", "--save", model).ExitCode);

        VectorNNProgram.Result evaluate = VectorNNProgram.Run("evaluate", "--model", model, "--data", Data("digits.csv.gz"), "--json");
        VectorNNProgram.Result predict = VectorNNProgram.Run("predict", "--model", model, "--input", Data("digits.csv.gz"));

        Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
        Assert.Equal(1797, evaluate.Json().GetProperty("count").GetInt32());
        Assert.True(predict.ExitCode == 0, predict.ToString());
        Assert.Equal(1 + 1797, predict.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
