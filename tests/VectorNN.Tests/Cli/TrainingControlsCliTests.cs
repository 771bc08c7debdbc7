using System.Globalization;
using System.Text;
using System.Text.Json;
using VectorNN.IO;
using Xunit;

namespace VectorNN.Tests.Cli;

/// <summary>
/// <c>train --validation-fraction</c>, <c>--early-stopping</c> and <c>--lr-schedule</c>: the figures per epoch in the
/// output, the kept weights, the resumed schedule, and one-line usage errors for every bad value.
/// </summary>
public sealed class TrainingControlsCliTests : IDisposable
{
    private static readonly string Iris = Path.Combine(AppContext.BaseDirectory, "data", "iris-train.csv");
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void ValidationFraction_ReportsValidationFiguresEveryEpoch_InJsonAndThePlot()
    {
        string plot = temp.File("curves.png");
        VectorNNProgram.Result r = VectorNNProgram.Run(
            "train", "--train", Iris, "--validation-fraction", "0.25", "--epochs", "3", "--seed", "2", "--plot", plot, "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        JsonElement json = r.Json();
        // 40 samples of each species: 10 of each held out.
        Assert.Equal(90, json.GetProperty("train_samples").GetInt32());
        Assert.Equal(30, json.GetProperty("validation_samples").GetInt32());
        JsonElement[] epochs = [.. json.GetProperty("epochs").EnumerateArray()];
        Assert.Equal(3, epochs.Length);
        foreach (JsonElement epoch in epochs)
        {
            Assert.True(epoch.GetProperty("validation_loss").GetDouble() > 0, epoch.ToString());
            Assert.InRange(epoch.GetProperty("validation_accuracy").GetDouble(), 0, 1);
            Assert.Equal(0.001, epoch.GetProperty("learning_rate").GetDouble());
        }

        Assert.Equal(JsonValueKind.Null, json.GetProperty("stopped_epoch").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("best_epoch").ValueKind);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(plot)[..4]);

        VectorNNProgram.Result plain = VectorNNProgram.Run("train", "--train", Iris, "--epochs", "1", "--json");
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Equal(JsonValueKind.Null, plain.Json().GetProperty("validation_samples").ValueKind);
        Assert.Equal(JsonValueKind.Null, plain.Json().GetProperty("epochs")[0].GetProperty("validation_loss").ValueKind);
    }

    [Fact]
    public void ValidationFraction_HoldsOutEachClassInProportion()
    {
        // 9 samples of a and 3 of b, half held out class by class: round(4.5) = 5 and round(1.5) = 2, 7 in all, where a
        // split ignoring the classes would hold out round(6) = 6.
        string data = temp.Write("imbalanced.csv", Rows(("a", 9), ("b", 3)));
        VectorNNProgram.Result r = VectorNNProgram.Run("train", "--train", data, "--validation-fraction", "0.5", "--epochs", "1", "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(7, r.Json().GetProperty("validation_samples").GetInt32());
        Assert.Equal(5, r.Json().GetProperty("train_samples").GetInt32());
    }

    [Fact]
    public void ValidationFraction_TakingAClassesOnlySample_IsAUsageError_AndLeavesTheSavedModelAlone()
    {
        string data = temp.Write("lonely.csv", Rows(("a", 4), ("b", 1)));
        string model = temp.Write("model.safetensors", "an earlier model");
        VectorNNProgram.Result r = VectorNNProgram.Run("train", "--train", data, "--validation-fraction", "0.5", "--save", model);

        Assert.True(r.ExitCode == 2, r.ToString());
        string line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--validation-fraction", line, StringComparison.Ordinal);
        Assert.Contains("'b'", line, StringComparison.Ordinal);
        Assert.Equal("an earlier model", File.ReadAllText(model));
    }

    [Fact]
    public void EarlyStopping_StopsAfterPatience_ReportsTheEpochs_AndSavesTheBestEpochsWeights()
    {
        // Labels that do not follow from the inputs: a wide network memorizes the training part, and the validation loss
        // turns upwards within a few dozen epochs.
        string data = temp.Write("noise.csv", NoiseRows(80));
        string stopped = temp.File("stopped.safetensors");
        string[] common = ["train", "--train", data, "--layers", "3,64,2", "--lr", "0.05", "--validation-fraction", "0.25", "--seed", "4"];
        VectorNNProgram.Result r = VectorNNProgram.Run([.. common, "--epochs", "300", "--early-stopping", "--patience", "3", "--save", stopped, "--json"]);

        Assert.True(r.ExitCode == 0, r.ToString());
        JsonElement json = r.Json();
        int stop = json.GetProperty("stopped_epoch").GetInt32(), best = json.GetProperty("best_epoch").GetInt32();
        Assert.Equal(best + 3, stop);
        double[] losses = [.. json.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("validation_loss").GetDouble())];
        Assert.Equal(stop, losses.Length);
        Assert.Equal(losses.Min(), losses[best - 1]);
        Assert.All(losses[best..], l => Assert.True(l >= losses[best - 1]));

        // The same run cut at the best epoch has the saved weights, bit for bit.
        string cut = temp.File("cut.safetensors");
        VectorNNProgram.Result shorter = VectorNNProgram.Run([.. common, "--epochs", best.ToString(CultureInfo.InvariantCulture), "--save", cut]);
        Assert.True(shorter.ExitCode == 0, shorter.ToString());
        Assert.Equal(ModelFile.Load(cut).AsSingle().GetParameters(), ModelFile.Load(stopped).AsSingle().GetParameters());

        // The summary describes the weights that were kept and saved, not the last epoch's.
        VectorNNProgram.Result tested = VectorNNProgram.Run([.. common, "--test-fraction", "0.2", "--epochs", "300", "--early-stopping", "--patience", "3", "--json"]);
        Assert.True(tested.ExitCode == 0, tested.ToString());
        JsonElement testedJson = tested.Json();
        int kept = testedJson.GetProperty("best_epoch").GetInt32();
        Assert.NotEqual(testedJson.GetProperty("stopped_epoch").GetInt32(), kept);
        JsonElement keptEpoch = testedJson.GetProperty("epochs")[kept - 1];
        JsonElement summary = testedJson.GetProperty("summary");
        Assert.Equal(keptEpoch.GetProperty("test_loss").GetDouble(), summary.GetProperty("test_loss").GetDouble());
        Assert.Equal(keptEpoch.GetProperty("train_loss").GetDouble(), summary.GetProperty("train_loss").GetDouble());

        VectorNNProgram.Result text = VectorNNProgram.Run([.. common, "--epochs", "300", "--early-stopping", "--patience", "3"]);
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains($"early stopping: stopped after epoch {stop}; keeping the weights of epoch {best}", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void LrSchedule_GivesEachEpochsRate_InJson()
    {
        VectorNNProgram.Result r = VectorNNProgram.Run(
            "train", "--train", Iris, "--optimizer", "sgd", "--lr", "0.1", "--lr-schedule", "step:every=1,gamma=0.5", "--epochs", "3", "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal([0.1, 0.05, 0.025], r.Json().GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("learning_rate").GetDouble()));

        // Cosine without its length anneals over the run's 4 epochs: warm-up at 0.1 x 1/2 and 0.1 x 2/2, then
        // 0.1 (1 + cos 0) / 2 and 0.1 (1 + cos(pi / 2)) / 2.
        VectorNNProgram.Result cosine = VectorNNProgram.Run(
            "train", "--train", Iris, "--optimizer", "sgd", "--lr", "0.1", "--lr-schedule", "cosine:warmup=2", "--epochs", "4", "--json");
        Assert.True(cosine.ExitCode == 0, cosine.ToString());
        double[] rates = [.. cosine.Json().GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("learning_rate").GetDouble())];
        Assert.Equal([0.05, 0.1, 0.1, 0.05], rates.Select(v => Math.Round(v, 12)));   // cos(pi / 2) is 6e-17, not 0
    }

    [Fact]
    public void Resume_ContinuesAPlateauSchedule_TwoPlusTwoEpochsEqualFour()
    {
        // Every epoch after the first misses an improvement of 10 and halves the rate, so the second half runs at the
        // rates of epochs 3 and 4 only if the schedule's state was saved with the optimizer's.
        string[] common =
        [
            "train", "--train", Iris, "--layers", "4,8,3", "--activation", "tanh", "--lr", "0.01", "--batch", "16", "--seed", "5",
            "--lr-schedule", "plateau:factor=0.5,patience=1,delta=10", "--json",
        ];
        ResumeCliTests.TwoPlusTwo run = ResumeCliTests.RunTwoPlusTwo(temp, common);

        static double[] Rates(VectorNNProgram.Result r) => [.. r.Json().GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("learning_rate").GetDouble())];
        Assert.Equal([0.01, 0.01, 0.005, 0.0025], Rates(run.Straight));
        Assert.Equal([0.005, 0.0025], Rates(run.Second));
        Assert.Equal(ModelFile.Load(run.Whole).AsSingle().GetParameters(), ModelFile.Load(run.Resumed).AsSingle().GetParameters());
    }

    // Each case: the arguments after "train --train IRIS", the option the message must name, and a piece of the allowed
    // range or of the expected form it must state.
    public static TheoryData<string[], string, string> BadValues => new()
    {
        { ["--validation-fraction", "0"], "--validation-fraction", "between 0 and 1" },
        { ["--validation-fraction", "1"], "--validation-fraction", "between 0 and 1" },
        { ["--validation-fraction", "NaN"], "--validation-fraction", "between 0 and 1" },
        { ["--early-stopping"], "--early-stopping", "needs --validation-fraction" },
        { ["--validation-fraction", "0.2", "--early-stopping", "--patience", "0"], "--patience", "1 to 1,000,000" },
        { ["--validation-fraction", "0.2", "--early-stopping", "--min-delta", "-1"], "--min-delta", "finite and >= 0" },
        { ["--validation-fraction", "0.2", "--early-stopping", "--min-delta", "NaN"], "--min-delta", "finite and >= 0" },
        { ["--validation-fraction", "0.2", "--patience", "3"], "--patience", "needs --early-stopping" },
        { ["--lr-schedule", "warm"], "--lr-schedule", "constant|step|exp|cosine|plateau" },
        { ["--lr-schedule", "step:every"], "--lr-schedule", "NAME[:KEY=VALUE,...]" },
        { ["--lr-schedule", "step:size=3"], "--lr-schedule", "every, gamma" },
        { ["--lr-schedule", "step:every=2,every=3"], "--lr-schedule", "more than once" },
        { ["--lr-schedule", "step:gamma=2"], "--lr-schedule", "(0, 1]" },
        { ["--lr-schedule", "step:every=0"], "--lr-schedule", "1 to 1,000,000" },
        { ["--lr-schedule", "step:every=2.5"], "--lr-schedule", "1 to 1,000,000" },
        { ["--lr-schedule", "exp:gamma=x"], "--lr-schedule", "(0, 1]" },
        { ["--lr-schedule", "cosine:warmup=10", "--epochs", "10"], "--lr-schedule", "0 to 9" },
        { ["--lr-schedule", "plateau:factor=1"], "--lr-schedule", "(0, 1)" },
        { ["--lr-schedule", "plateau:min=1", "--lr", "0.01"], "--lr-schedule", "0 to 0.01" },
        { ["--lr-schedule", "constant:gamma=1"], "--lr-schedule", "no parameters" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void BadValue_ExitsWithTwo_InOneLineNamingTheOptionAndTheRange(string[] args, string option, string range)
    {
        VectorNNProgram.Result r = VectorNNProgram.Run(["train", "--train", Iris, .. args]);

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("", r.Stdout);
        string line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("vectornn: ", line, StringComparison.Ordinal);
        Assert.Contains(option, line, StringComparison.Ordinal);
        Assert.Contains(range, line, StringComparison.Ordinal);
        Assert.DoesNotContain(UsageErrorTests.InternalErrorWording, line, StringComparison.Ordinal);
    }

    /// <summary>A CSV of two features and a class column, <c>count</c> rows per class.</summary>
    private static string Rows(params (string Class, int Count)[] classes)
    {
        var text = new StringBuilder("x,y,class\n");
        int i = 0;
        foreach ((string name, int count) in classes)
        {
            for (int k = 0; k < count; k++, i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{i % 7},{(i * 3) % 5},{name}\n");
            }
        }

        return text.ToString();
    }

    /// <summary><paramref name="count"/> rows of three features from a fixed generator and a class that ignores them.</summary>
    private static string NoiseRows(int count)
    {
        var text = new StringBuilder("a,b,c,class\n");
        uint state = 12345;
        double Next()
        {
            state = (state * 1664525) + 1013904223;
            return state / 4294967296.0;
        }

        for (int i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Next():F4},{Next():F4},{Next():F4},{(Next() < 0.5 ? "yes" : "no")}\n");
        }

        return text.ToString();
    }
}
