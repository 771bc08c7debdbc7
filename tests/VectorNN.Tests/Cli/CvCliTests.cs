using System.Globalization;
using System.Text.Json;
using VectorNN.Data;
using Xunit;

namespace VectorNN.Tests.Cli;

/// <summary><c>vectornn cv</c>: folds trained exactly as <c>train</c> trains, per-fold and aggregate metrics, and bad fold counts.</summary>
public sealed class CvCliTests : IDisposable
{
    private readonly TempFolder temp = new();

    private static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData]
    [InlineData("--class-weight", "balanced")]
    [InlineData("--class-weight", "1,2,0.5")]
    [InlineData("--dropout", "0.3")]
    [InlineData("--lr-schedule", "step:every=5,gamma=0.5")]
    [InlineData("--validation-fraction", "0.25")]
    [InlineData("--validation-fraction", "0.25", "--early-stopping", "--patience", "2", "--lr", "0.05")]
    public void EachFold_IsWhatTrainGivesOnTheOtherFolds_TestedOnTheFold(params string[] controls)
    {
        // The fold's parts written as files and trained with `train`: its normalization comes from the training file
        // alone, so cv matches it only if each fold's statistics come from its training part (no leakage) and it trains
        // with the same options, training controls included (the validation part is held out of the fold's training
        // part as train holds it out of its file). Same computation, same order: the figures agree exactly.
        string[] options = ["--epochs", "20", "--layers", "4,8,3", "--seed", "4", .. controls];
        VectorNNProgram.Result cv = VectorNNProgram.Run(["cv", "--train", Data("iris.csv"), "--folds", "3", "--json", .. options]);
        Assert.True(cv.ExitCode == 0, cv.ToString());
        JsonElement json = cv.Json();
        JsonElement[] folds = [.. json.GetProperty("folds").EnumerateArray()];
        Assert.Equal(3, folds.Length);

        string[] lines = File.ReadAllLines(Data("iris.csv"));
        int[] testFold = CrossValidation.Folds(CsvLoader.Load<float>(Data("iris.csv")), 3, 4, stratified: true)[1];
        string train = temp.Write("train.csv", string.Join("\n", lines.Where((_, i) => i == 0 || !testFold.Contains(i - 1))) + "\n");
        string test = temp.Write("test.csv", string.Join("\n", lines.Where((_, i) => i == 0 || testFold.Contains(i - 1))) + "\n");
        VectorNNProgram.Result r = VectorNNProgram.Run(["train", "--train", train, "--test", test, "--json", .. options]);
        Assert.True(r.ExitCode == 0, r.ToString());
        JsonElement summary = r.Json().GetProperty("summary");

        Assert.Equal(testFold.Length, folds[1].GetProperty("test_samples").GetInt32());
        Assert.Equal(150 - testFold.Length, folds[1].GetProperty("train_samples").GetInt32() + (Optional(folds[1], "validation_samples") ?? 0));
        Assert.Equal(r.Json().GetProperty("train_samples").GetInt32(), folds[1].GetProperty("train_samples").GetInt32());
        Assert.Equal(Optional(r.Json(), "validation_samples"), Optional(folds[1], "validation_samples"));
        Assert.Equal(Optional(r.Json(), "stopped_epoch"), Optional(folds[1], "stopped_epoch"));
        Assert.Equal(Optional(r.Json(), "best_epoch"), Optional(folds[1], "best_epoch"));
        Assert.Equal(summary.GetProperty("test_accuracy").GetDouble(), folds[1].GetProperty("accuracy").GetDouble());
        Assert.Equal(summary.GetProperty("test_loss").GetDouble(), folds[1].GetProperty("loss").GetDouble());
    }

    [Fact]
    public void ClassWeightsWithARegressionTarget_AreAUsageError_InCvAsInTrain()
    {
        foreach (string command in new[] { "train", "cv" })
        {
            VectorNNProgram.Result r = VectorNNProgram.Run(command, "--train", Data("diabetes.csv"), "--target", "progression", "--class-weight", "balanced");

            Assert.True(r.ExitCode == 2, r.ToString());
            Assert.Contains("--target and --class-weight: --class-weight is for classification", r.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EarlyStoppingWithoutValidationData_IsAUsageError_InCvAsInTrain()
    {
        VectorNNProgram.Result r = VectorNNProgram.Run("cv", "--train", Data("iris.csv"), "--early-stopping");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--early-stopping: needs --validation-fraction", r.Stderr, StringComparison.Ordinal);
    }

    private static int? Optional(JsonElement json, string name) =>
        json.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null ? value.GetInt32() : null;

    [Fact]
    public void TheAggregate_IsTheMeanAndSampleStandardDeviation_OfTheFolds()
    {
        VectorNNProgram.Result r = VectorNNProgram.Run("cv", "--train", Data("diabetes.csv"), "--target", "progression", "--folds", "4", "--epochs", "5", "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        JsonElement json = r.Json();
        Assert.Equal("regression", json.GetProperty("task").GetString());
        JsonElement[] folds = [.. json.GetProperty("folds").EnumerateArray()];
        Assert.Equal(442, folds.Sum(f => f.GetProperty("test_samples").GetInt32()));
        foreach (string metric in new[] { "mse", "rmse", "mae", "r2" })
        {
            double[] values = [.. folds.Select(f => f.GetProperty(metric).GetDouble())];
            double mean = values.Average();
            double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));

            // Sums of four doubles in another order: equal to a few ulps.
            Assert.Equal(mean, json.GetProperty("mean").GetProperty(metric).GetDouble(), 1e-9 * Math.Max(1, Math.Abs(mean)));
            Assert.Equal(std, json.GetProperty("std").GetProperty(metric).GetDouble(), 1e-9 * Math.Max(1, std));
        }
    }

    [Fact]
    public void TheTextReport_ListsEveryFold_AndTheMeanAndStandardDeviation()
    {
        VectorNNProgram.Result r = VectorNNProgram.Run("cv", "--train", Data("iris.csv"), "--folds", "3", "--epochs", "2");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("fold 3: 100 training, 50 test samples; accuracy ", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("mean", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("standard deviation", r.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", "--folds: expected 2 to the number of samples, got 1.")]
    [InlineData("151", "--folds: expected 2 to 150 (the samples in")]
    public void AFoldCountOutsideTheRange_IsAUsageError(string folds, string message)
    {
        VectorNNProgram.Result r = VectorNNProgram.Run("cv", "--train", Data("iris.csv"), "--folds", folds);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void MoreFoldsThanTheSmallestClass_IsAUsageError_NamingTheClassAndItsCount()
    {
        string csv = temp.Write("small.csv", "x,label\n1,a\n2,a\n3,a\n4,a\n5,b\n6,b\n7,a\n");

        VectorNNProgram.Result r = VectorNNProgram.Run("cv", "--train", csv, "--folds", "3", "--json");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--folds 3: expected at most 2 folds: class b has only 2 sample(s)", r.Stdout + r.Stderr, StringComparison.Ordinal);
    }
}
