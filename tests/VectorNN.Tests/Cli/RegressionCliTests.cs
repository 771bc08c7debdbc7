using System.Globalization;
using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using VectorNN.IO;
using Xunit;

namespace VectorNN.Tests.Cli;

/// <summary>
/// Regression from the command line: <c>train --target</c>, <c>evaluate</c>'s metrics and <c>predict</c>'s named
/// targets, checked against computations that do not use the library.
/// </summary>
public sealed class RegressionCliTests : IDisposable
{
    // A small least-squares problem: y = 2 x1 - x2 + 0.5 plus a little noise, so the fit is not exact.
    private static readonly double[,] Tiny =
    {
        { 0.5, 1.0, 0.6 }, { -1.0, 0.5, -2.2 }, { 1.5, -1.5, 5.0 }, { 2.0, 0.0, 4.55 }, { -0.5, 2.0, -2.5 }, { 0.0, -1.0, 1.45 },
    };

    private readonly TempFolder temp = new();

    private static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    public void Dispose() => temp.Dispose();

    [Fact]
    public void TheTutorialsRegressionNetwork_InOneCommandLine_TakesTheHandDerivedGradientSteps()
    {
        // The tutorial's network: 2 inputs, 3 hidden units, 1 output, identity activations, least squares (half the sum
        // of squared errors). Full batches in file order, so each epoch is one gradient step on the mean loss.
        string csv = temp.Write("tiny.csv", "x1,x2,y\n" + string.Join("\n", Enumerable.Range(0, 6).Select(i => Row(Tiny, i))) + "\n");
        string[] network =
        [
            "train", "--train", csv, "--target", "y", "--layers", "2,3,1", "--activation", "identity", "--loss", "half-sse",
            "--optimizer", "sgd", "--lr", "0.05", "--batch", "6", "--no-shuffle", "--normalize", "none", "--precision", "double", "--seed", "7",
        ];
        string initial = temp.File("initial.safetensors"), trained = temp.File("trained.safetensors");
        VectorNNProgram.Result r0 = VectorNNProgram.Run([.. network, "--epochs", "0", "--save", initial]);
        Assert.True(r0.ExitCode == 0, r0.ToString());
        VectorNNProgram.Result r3 = VectorNNProgram.Run([.. network, "--epochs", "3", "--save", trained]);
        Assert.True(r3.ExitCode == 0, r3.ToString());

        LoadedModel model = ModelFile.Load(trained);
        Assert.Equal([2, 3, 1], model.LayerWidths);
        Assert.All(model.Activations, a => Assert.Equal(VectorNN.Layers.Activation.Identity, a));
        Assert.Equal(["y"], model.Metadata.Targets);

        // The same three steps worked out with MathNet from the seeded initial weights.
        double[] expected = ThreeGradientSteps(ModelFile.Load(initial).AsDouble().Parameters.Values.ToArray(), learningRate: 0.05);
        double[] actual = model.AsDouble().Parameters.Values.ToArray();

        // Values of order 1 through a few dozen double operations: rounding stays near 1e-15, while a wrong gradient or a
        // missing step moves a weight by about lr x gradient, around 1e-2.
        Assert.Equal(expected, actual, (a, b) => Math.Abs(a - b) <= 1e-12);
        Assert.NotEqual(ModelFile.Load(initial).AsDouble().Parameters.Values.ToArray(), actual);

        // predict writes the target under its name, and evaluate's metrics are those of the same predictions.
        Matrix<double> predicted = Forward(actual, Inputs());
        string predictions = temp.File("predictions.csv");
        VectorNNProgram.Result p = VectorNNProgram.Run("predict", "--model", trained, "--input", csv, "--output", predictions);
        Assert.True(p.ExitCode == 0, p.ToString());
        string[] lines = File.ReadAllLines(predictions);
        Assert.Equal("y", lines[0]);
        Assert.Equal(
            Enumerable.Range(0, 6).Select(i => predicted[i, 0]),
            lines[1..].Select(l => double.Parse(l, CultureInfo.InvariantCulture)),
            (a, b) => Math.Abs(a - b) <= 1e-12);

        VectorNNProgram.Result e = VectorNNProgram.Run("evaluate", "--model", trained, "--data", csv, "--json");
        Assert.True(e.ExitCode == 0, e.ToString());
        JsonElement overall = e.Json().GetProperty("overall");
        double[] errors = [.. Enumerable.Range(0, 6).Select(i => predicted[i, 0] - Tiny[i, 2])];
        double mean = Enumerable.Range(0, 6).Average(i => Tiny[i, 2]);
        double squared = errors.Sum(x => x * x);
        Assert.Equal(squared / 6, overall.GetProperty("mse").GetDouble(), 1e-12);
        Assert.Equal(Math.Sqrt(squared / 6), overall.GetProperty("rmse").GetDouble(), 1e-12);
        Assert.Equal(errors.Average(Math.Abs), overall.GetProperty("mae").GetDouble(), 1e-12);
        Assert.Equal(1 - (squared / Enumerable.Range(0, 6).Sum(i => Math.Pow(Tiny[i, 2] - mean, 2))), overall.GetProperty("r2").GetDouble(), 1e-12);
        Assert.Equal("y", e.Json().GetProperty("per_target")[0].GetProperty("target").GetString());
    }

    [Fact]
    public void Diabetes_WithStandardizedTargets_PredictsInTheTargetsUnits_AndEvaluateAgreesWithTraining()
    {
        string model = temp.File("diabetes.safetensors");
        VectorNNProgram.Result train = VectorNNProgram.Run(
            "train", "--train", Data("diabetes-train.csv"), "--test", Data("diabetes-test.csv"), "--target", "progression",
            "--normalize", "zscore", "--standardize-targets", "--epochs", "100", "--seed", "1", "--save", model, "--json");
        Assert.True(train.ExitCode == 0, train.ToString());
        JsonElement json = train.Json();
        double r2 = json.GetProperty("summary").GetProperty("test_metrics").GetProperty("overall").GetProperty("r2").GetDouble();

        // Least squares on this split explains 0.447 of the test variance (the published figure for the data is about
        // 0.5); the network must do about as well. A run that forgot to undo the standardization would be far below 0.
        Assert.InRange(r2, 0.40, 1);
        Assert.Equal(["progression"], json.GetProperty("targets").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(r2, json.GetProperty("epochs")[99].GetProperty("test_r2").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("epochs")[99].GetProperty("test_accuracy").ValueKind);

        // The standardization's statistics are the training targets' mean and (population) standard deviation.
        double[] trainTargets = [.. File.ReadAllLines(Data("diabetes-train.csv"))[1..].Select(l => double.Parse(l.Split(',')[^1], CultureInfo.InvariantCulture))];
        double trainMean = trainTargets.Average();
        VectorNN.Data.Normalization scaling = ModelFile.Load(model).Metadata.TargetNormalization!;
        Assert.Equal(trainMean, scaling.Offsets[0], 1e-9);
        Assert.Equal(Math.Sqrt(trainTargets.Average(t => (t - trainMean) * (t - trainMean))), scaling.Scales[0], 1e-9);

        VectorNNProgram.Result evaluate = VectorNNProgram.Run("evaluate", "--model", model, "--data", Data("diabetes-test.csv"), "--json");
        Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
        Assert.Equal(88, evaluate.Json().GetProperty("count").GetInt32());
        Assert.Equal(r2, evaluate.Json().GetProperty("overall").GetProperty("r2").GetDouble(), 1e-12);

        // The predictions, read back and scored here against the file's own targets, give evaluate's R^2.
        string predictions = temp.File("progression.csv");
        VectorNNProgram.Result predict = VectorNNProgram.Run("predict", "--model", model, "--input", Data("diabetes-test.csv"), "--output", predictions);
        Assert.True(predict.ExitCode == 0, predict.ToString());
        string[] lines = File.ReadAllLines(predictions);
        Assert.Equal("progression", lines[0]);
        double[] predicted = [.. lines[1..].Select(l => double.Parse(l, CultureInfo.InvariantCulture))];
        double[] actual = [.. File.ReadAllLines(Data("diabetes-test.csv"))[1..].Select(l => double.Parse(l.Split(',')[^1], CultureInfo.InvariantCulture))];
        Assert.Equal(88, predicted.Length);
        double mean = actual.Average();
        double own = 1 - (predicted.Zip(actual, (p, a) => (p - a) * (p - a)).Sum() / actual.Sum(a => (a - mean) * (a - mean)));
        Assert.Equal(r2, own, 1e-9);
    }

    [Fact]
    public void SeveralTargets_BecomeOutputsInTheGivenOrder_ByNameOrIndex()
    {
        // u = x1 + x2 and v = x1 - x2 on a grid, with the targets between the features in the file.
        var rows = new List<string> { "x1,u,v,x2" };
        for (int i = 0; i < 30; i++)
        {
            double x1 = (i % 6) - 2.5, x2 = (i / 6) - 2.0;
            rows.Add(string.Create(CultureInfo.InvariantCulture, $"{x1},{x1 + x2},{x1 - x2},{x2}"));
        }

        string csv = temp.Write("two.csv", string.Join("\n", rows) + "\n");
        string model = temp.File("two.safetensors");
        VectorNNProgram.Result train = VectorNNProgram.Run(
            "train", "--train", csv, "--target", "v,1", "--layers", "2,2", "--optimizer", "sgd", "--lr", "0.1", "--batch", "30", "--epochs", "300",
            "--normalize", "none", "--test-fraction", "0.2", "--save", model, "--json");
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Equal(["v", "u"], train.Json().GetProperty("targets").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["v", "u"], ModelFile.Load(model).Metadata.Targets);

        // A linear model of linear targets: after 300 full-batch steps the fit is near exact on held-out rows too.
        JsonElement perTarget = train.Json().GetProperty("summary").GetProperty("test_metrics").GetProperty("per_target");
        Assert.Equal(["v", "u"], perTarget.EnumerateArray().Select(t => t.GetProperty("target").GetString()));
        Assert.All(perTarget.EnumerateArray(), t => Assert.True(t.GetProperty("r2").GetDouble() > 0.99, t.ToString()));

        VectorNNProgram.Result predict = VectorNNProgram.Run("predict", "--model", model, "--input", csv);
        Assert.True(predict.ExitCode == 0, predict.ToString());
        string[] lines = predict.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("v,u", lines[0]);
        double[] first = [.. lines[1].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture))];

        // Row 1: x1 = -2.5, x2 = -2, so v = -0.5 and u = -4.5.
        Assert.Equal(-0.5, first[0], 0.05);
        Assert.Equal(-4.5, first[1], 0.05);
    }

    [Fact]
    public void ATestTargetThatNeverVaries_HasAnR2OfNull_NotNaN()
    {
        // R^2 divides by the test targets' variance: here 0, so R^2 is undefined and reported as null, never NaN.
        string csv = temp.Write("tiny.csv", "x1,x2,y\n" + string.Join("\n", Enumerable.Range(0, 6).Select(i => Row(Tiny, i))) + "\n");
        string constant = temp.Write("constant.csv", "x1,x2,y\n1,2,3\n4,5,3\n");
        VectorNNProgram.Result r = VectorNNProgram.Run("train", "--train", csv, "--test", constant, "--target", "y", "--epochs", "2", "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.DoesNotContain("NaN", r.Stdout);
        JsonElement json = r.Json();
        Assert.Equal(JsonValueKind.Null, json.GetProperty("epochs")[1].GetProperty("test_r2").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("summary").GetProperty("test_metrics").GetProperty("overall").GetProperty("r2").ValueKind);
        Assert.True(json.GetProperty("summary").GetProperty("test_metrics").GetProperty("overall").GetProperty("mse").GetDouble() >= 0);
    }

    [Fact]
    public void ATargetThatIsNotANumber_IsADataError_NamingFileLineAndColumn_AndLeavesTheSavedModel()
    {
        string model = temp.Write("keep.safetensors", [1, 2, 3]);
        VectorNNProgram.Result r = VectorNNProgram.Run("train", "--train", Data("iris.csv"), "--target", "species", "--save", model, "--json");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains($"{Data("iris.csv")}:2:5: expected a number, got 'setosa'", r.Stderr);
        JsonElement error = r.Json().GetProperty("error");
        Assert.Equal(2, error.GetProperty("line").GetInt32());
        Assert.Equal(5, error.GetProperty("column").GetInt32());
        Assert.Equal([1, 2, 3], File.ReadAllBytes(model));
        Assert.False(File.Exists(model + ".optimizer"));
    }

    [Fact]
    public void AColumnThatDoesNotExist_IsADataError_ListingTheColumns()
    {
        VectorNNProgram.Result r = VectorNNProgram.Run("train", "--train", Data("diabetes-train.csv"), "--target", "progresion");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("diabetes-train.csv:1: expected one of: age, sex, bmi, bp, s1, s2, s3, s4, s5, s6, progression, got 'progresion'", r.Stderr);
        Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Init_FromARegressionModel_TrainsItsTargets_AndRefusesOthers()
    {
        string model = temp.File("start.safetensors");
        string[] common = ["train", "--train", Data("diabetes-train.csv"), "--layers", "10,4,1", "--normalize", "zscore", "--epochs", "2"];
        VectorNNProgram.Result first = VectorNNProgram.Run([.. common, "--target", "progression", "--standardize-targets", "--save", model]);
        Assert.True(first.ExitCode == 0, first.ToString());

        // No --target: the model's own target column, and its standardization.
        VectorNNProgram.Result resumed = VectorNNProgram.Run([.. common, "--init", model, "--json"]);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal("progression", resumed.Json().GetProperty("targets")[0].GetString());

        VectorNNProgram.Result other = VectorNNProgram.Run([.. common, "--init", model, "--target", "bmi"]);
        Assert.True(other.ExitCode == 2, other.ToString());
        Assert.Contains("the --init model's targets are progression", other.Stderr);

        string classifier = temp.File("iris.safetensors");
        Assert.Equal(0, VectorNNProgram.Run("train", "--train", Data("iris.csv"), "--epochs", "0", "--save", classifier).ExitCode);
        VectorNNProgram.Result mixed = VectorNNProgram.Run("train", "--train", Data("iris.csv"), "--init", classifier, "--target", "petal_width");
        Assert.True(mixed.ExitCode == 2, mixed.ToString());
        Assert.Contains("not a regression model", mixed.Stderr);
        VectorNNProgram.Result standardized = VectorNNProgram.Run("train", "--train", Data("iris.csv"), "--init", classifier, "--standardize-targets");
        Assert.True(standardized.ExitCode == 2, standardized.ToString());
        Assert.Contains("--standardize-targets: needs --target", standardized.Stderr);
    }

    [Fact]
    public void ARegressionModel_RefusesAClassColumn_RatherThanIgnoringIt()
    {
        string model = temp.File("regression.safetensors");
        VectorNNProgram.Result train = VectorNNProgram.Run("train", "--train", Data("diabetes-train.csv"), "--target", "progression", "--epochs", "1", "--save", model);
        Assert.True(train.ExitCode == 0, train.ToString());

        foreach (string[] args in new[]
                 {
                     new[] { "evaluate", "--model", model, "--data", Data("diabetes-test.csv"), "--label", "sex" },
                     new[] { "predict", "--model", model, "--input", Data("diabetes-test.csv"), "--label", "sex" },
                 })
        {
            VectorNNProgram.Result r = VectorNNProgram.Run(args);
            Assert.True(r.ExitCode == 2, r.ToString());
            Assert.Equal("", r.Stdout);
            Assert.Contains("--label: ", r.Stderr);
            Assert.Contains("regression model", r.Stderr);
        }
    }

    [Fact]
    public void Export_OfAModelOnStandardizedTargets_IsRefused_AndWritesNothing()
    {
        // The ONNX graph would give standardized values with nothing to say so.
        string model = temp.File("standardized.safetensors");
        VectorNNProgram.Result train = VectorNNProgram.Run(
            "train", "--train", Data("diabetes-train.csv"), "--target", "progression", "--standardize-targets", "--epochs", "1", "--save", model);
        Assert.True(train.ExitCode == 0, train.ToString());

        VectorNNProgram.Result export = VectorNNProgram.Run("export", "--model", model, "--onnx", temp.File("m.onnx"));
        Assert.True(export.ExitCode == 2, export.ToString());
        Assert.Contains("standardized targets", export.Stderr);
        Assert.False(File.Exists(temp.File("m.onnx")));
    }

    private static string Row(double[,] table, int i) =>
        string.Create(CultureInfo.InvariantCulture, $"{table[i, 0]},{table[i, 1]},{table[i, 2]}");

    private static Matrix<double> Inputs() => Matrix<double>.Build.Dense(6, 2, (i, j) => Tiny[i, j]);

    // Parameters in the library's flat order: W1 [3 x 2] row-major, b1 [3], w2 [1 x 3], b2 [1].
    private static (Matrix<double> W1, Vector<double> B1, Matrix<double> W2, double B2) Unpack(double[] p) =>
        (Matrix<double>.Build.Dense(3, 2, (r, c) => p[(r * 2) + c]), Vector<double>.Build.Dense(3, r => p[6 + r]), Matrix<double>.Build.Dense(1, 3, (r, c) => p[9 + c]), p[12]);

    // The identity network is linear: H = X W1^T + 1 b1^T, y = H w2^T + b2.
    private static Matrix<double> Forward(double[] p, Matrix<double> x)
    {
        (Matrix<double> w1, Vector<double> b1, Matrix<double> w2, double b2) = Unpack(p);
        Matrix<double> h = (x * w1.Transpose()) + Matrix<double>.Build.Dense(x.RowCount, 3, (_, c) => b1[c]);
        return (h * w2.Transpose()) + b2;
    }

    /// <summary>
    /// Three steps of gradient descent on L = (1/N) sum_n 1/2 (y_n - t_n)^2, the gradient derived by hand: with e = (y - t) / N,
    /// dL/dw2 = e^T H, dL/db2 = sum e, dL/dH = e w2, dL/dW1 = (dL/dH)^T X, dL/db1 = column sums of dL/dH.
    /// </summary>
    private static double[] ThreeGradientSteps(double[] start, double learningRate)
    {
        Matrix<double> x = Inputs();
        Matrix<double> t = Matrix<double>.Build.Dense(6, 1, (i, _) => Tiny[i, 2]);
        double[] p = [.. start];
        for (int step = 0; step < 3; step++)
        {
            (Matrix<double> w1, Vector<double> b1, Matrix<double> w2, _) = Unpack(p);
            Matrix<double> h = (x * w1.Transpose()) + Matrix<double>.Build.Dense(6, 3, (_, c) => b1[c]);
            Matrix<double> e = (Forward(p, x) - t) / 6;
            Matrix<double> dW2 = e.Transpose() * h;
            double dB2 = e.ColumnSums()[0];
            Matrix<double> dH = e * w2;
            Matrix<double> dW1 = dH.Transpose() * x;
            Vector<double> dB1 = dH.ColumnSums();
            double[] gradient = [.. dW1.ToRowMajorArray(), .. dB1, .. dW2.ToRowMajorArray(), dB2];
            for (int i = 0; i < p.Length; i++)
            {
                p[i] -= learningRate * gradient[i];
            }
        }

        return p;
    }
}
