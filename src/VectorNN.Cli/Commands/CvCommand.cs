using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using VectorNN.Cli.Output;
using VectorNN.Data;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Training;
using static VectorNN.Cli.Commands.TrainOptions;

namespace VectorNN.Cli.Commands;

/// <summary>
/// <c>cv</c>: k-fold cross-validation. One network per fold, trained as <c>train</c> trains with the same options on the
/// other folds (normalization fitted on them alone; validation data, class weights, dropout and schedules as in
/// <c>train</c>) and evaluated on its fold; the per-fold metrics and their mean and standard deviation. Nothing is written.
/// </summary>
internal static class CvCommand
{
    private static readonly Option<int> Folds = new("--folds")
    {
        Description = "Number of folds, 2 to the number of samples (and for classes at most the smallest class's count); seeded by --seed, stratified for classes.",
        DefaultValueFactory = _ => 5,
    };

    public static Command Create()
    {
        var command = new Command("cv", "Cross-validate: train one network per fold with the train options and report each fold's metrics, their mean and standard deviation.");
        foreach (Option option in new Option[]
                 {
                     TrainFile, Folds, TrainLabels, Label, LayersOption, ActivationOption, OutputOption, Target, StandardizeTargets,
                     LossOption, OptimizerOption, LearningRate, Batch, Epochs, Seed, Threads, Precision, Normalize, NoShuffle,
                     RegularizationOptions.ClassWeight, RegularizationOptions.Dropout,
                 }.Concat(TrainingControls.Options))
        {
            command.Options.Add(option);
        }

        command.SetAction(result => result.GetValue(Precision) switch
        {
            "single" => Run<float>(result),
            "double" => Run<double>(result),
            string other => throw new UsageException($"--precision: expected single or double, got '{other}'."),
            null => throw new UsageException("--precision: expected single or double."),
        });
        return command;
    }

    private static int Run<T>(ParseResult result)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // Every option is checked before the file is read; the fold count's upper bound needs the data.
        TrainingSetup setup = TrainingSetup.Parse(result);
        string[]? targets = setup.Targets(result, [Label, TrainLabels, RegularizationOptions.ClassWeight], resuming: false);
        TrainingControls controls = TrainingControls.Parse(result, setup.LearningRate, setup.Epochs);
        double[]? givenWeights = RegularizationOptions.ExplicitClassWeights(result);
        double[]? dropout = RegularizationOptions.Rates(result, setup.Layers is null ? 1 : setup.Layers.Length - 2);
        int foldCount = result.GetValue(Folds);
        if (foldCount < 2)
        {
            throw new UsageException($"--folds: expected 2 to the number of samples, got {foldCount}.");
        }

        string path = result.GetValue(TrainFile)!;
        Dataset<T> data = DataSource.Load<T>(path, result.GetValue(TrainLabels), result.GetValue(Label), null, targets);
        if (foldCount > data.Count)
        {
            throw new UsageException($"--folds: expected 2 to {data.Count} (the samples in {path}), got {foldCount}.");
        }

        int[][] folds;
        try
        {
            folds = CrossValidation.Folds(data, foldCount, setup.Seed, stratified: targets is null);
        }
        catch (ArgumentException e) when (e is not ArgumentOutOfRangeException)
        {
            throw new UsageException($"--folds {foldCount}: {char.ToLowerInvariant(e.Message[0])}{e.Message[1..]}");
        }

        Loss loss = setup.LossFor(regression: targets is not null);
        bool standardize = result.GetValue(StandardizeTargets);
        var rows = new List<FoldRow>();
        for (int f = 0; f < folds.Length; f++)
        {
            // The fold's training part is what train's --train file would be: validation data is held out of it, and
            // the input statistics come from what remains, so neither held-out part shapes its own scaling.
            (Dataset<T> train, Dataset<T> test) = CrossValidation.Split(data, folds[f]);
            Dataset<T>? validation = controls.ValidationFraction is double fraction
                ? ValidationHoldOut.Split(ref train, fraction, setup.Seed, stratified: targets is null)
                : null;
            Normalization inputScaling = Normalization.Fit(setup.Normalization, train.Inputs, train.InputWidth);
            foreach (Dataset<T>? part in new[] { train, test, validation })
            {
                // Fresh copies of the fold's rows: rescaled in place.
                if (part is not null)
                {
                    inputScaling.Apply(part);
                }
            }

            Normalization? targetScaling = standardize ? Normalization.Fit(NormalizationMethod.ZScore, train.Targets, train.TargetWidth) : null;
            train = DataSource.TargetsStandardized(train, targetScaling);
            validation = validation is null ? null : DataSource.TargetsStandardized(validation, targetScaling);
            double[]? classWeights = givenWeights;
            train = RegularizationOptions.Apply(result, ref classWeights, train);

            Network<T> network = setup.Build(train, loss, dropout);
            TrainingOptions options = setup.TrainingOptions(network, loss, train.Count) with
            {
                EarlyStopping = controls.EarlyStopping,
                LearningRateSchedule = controls.Schedule(setup.Epochs),
            };
            var trainer = new Trainer<T>(network, setup.CreateOptimizer<T>(), options);
            trainer.Fit(train, validation);
            var row = new FoldRow(f + 1, train.Count, test.Count, Metrics(network, test, loss, targetScaling, path, targets is not null))
            {
                ValidationCount = validation?.Count,
                StoppedEpoch = trainer.StoppedEpoch,
                BestEpoch = trainer.BestEpoch,
            };
            rows.Add(row);
            if (!result.GetValue(GlobalOptions.Json))
            {
                Terminal.Line(row.Describe());
            }
        }

        Report(result, rows, foldCount, setup.Seed, targets);
        return ExitCodes.Success;
    }

    // Classes: accuracy and loss. Regression: MSE, RMSE, MAE and R^2 over all targets, in the targets' units.
    private static (string Name, double? Value)[] Metrics<T>(Network<T> network, Dataset<T> test, Loss loss, Normalization? targetScaling, string path, bool regression)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!regression)
        {
            Evaluation e = Evaluator.Evaluate(network, test, loss);
            return [("accuracy", e.Accuracy), ("loss", e.Loss)];
        }

        RegressionMetrics m = Regression.Evaluate(network.Predict, test, targetScaling, path).Overall;
        return [("mse", m.MeanSquaredError), ("rmse", m.RootMeanSquaredError), ("mae", m.MeanAbsoluteError), ("r2", m.RSquared)];
    }

    private static void Report(ParseResult result, List<FoldRow> rows, int foldCount, ulong seed, string[]? targets)
    {
        string[] names = [.. rows[0].Metrics.Select(m => m.Name)];
        double?[] means = [.. names.Select((_, j) => FoldStatistics.Mean(rows.Select(r => r.Metrics[j].Value)))];
        double?[] deviations = [.. names.Select((_, j) => FoldStatistics.StandardDeviation(rows.Select(r => r.Metrics[j].Value)))];
        if (!result.GetValue(GlobalOptions.Json))
        {
            Terminal.Table(
                ["", .. names],
                [["mean", .. means.Select(FoldRow.Show)], ["standard deviation", .. deviations.Select(FoldRow.Show)]]);
            return;
        }

        using var report = new JsonReport();
        Utf8JsonWriter w = report.Writer;
        w.WriteString("train", result.GetValue(TrainFile));
        w.WriteString("task", targets is null ? "classification" : "regression");
        if (targets is null)
        {
            w.WriteNull("target");
        }
        else
        {
            JsonReport.Strings(w, "target", targets);
        }

        w.WriteNumber("fold_count", foldCount);
        w.WriteNumber("seed", seed);
        w.WriteStartArray("folds");
        foreach (FoldRow row in rows)
        {
            w.WriteStartObject();
            w.WriteNumber("fold", row.Fold);
            w.WriteNumber("train_samples", row.TrainCount);
            w.WriteNumber("test_samples", row.TestCount);
            JsonReport.Optional(w, "validation_samples", row.ValidationCount);
            JsonReport.Optional(w, "stopped_epoch", row.StoppedEpoch);
            JsonReport.Optional(w, "best_epoch", row.BestEpoch);
            foreach ((string name, double? value) in row.Metrics)
            {
                JsonReport.Optional(w, name, value);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteMetrics(w, "mean", names, means);
        WriteMetrics(w, "std", names, deviations);
        report.Print();
    }

    private static void WriteMetrics(Utf8JsonWriter w, string key, string[] names, double?[] values)
    {
        w.WriteStartObject(key);
        for (int j = 0; j < names.Length; j++)
        {
            JsonReport.Optional(w, names[j], values[j]);
        }

        w.WriteEndObject();
    }

    /// <summary>One fold's sizes and metrics (a null metric: R^2 of a constant target).</summary>
    private sealed record FoldRow(int Fold, int TrainCount, int TestCount, (string Name, double? Value)[] Metrics)
    {
        /// <summary>Samples held out of the fold's training part for validation, or null without --validation-fraction.</summary>
        public int? ValidationCount { get; init; }

        /// <summary>The epoch after which early stopping ended the fold's run, or null.</summary>
        public int? StoppedEpoch { get; init; }

        /// <summary>With early stopping, the epoch whose weights were evaluated, or null.</summary>
        public int? BestEpoch { get; init; }

        public static string Show(double? value) => value is double v ? v.ToString("F4", CultureInfo.InvariantCulture) : "undefined";

        public string Describe() =>
            $"fold {Fold}: {TrainCount} training, {(ValidationCount is int v ? $"{v} validation, " : "")}{TestCount} test samples; " +
            (BestEpoch is int best ? $"best epoch {best}{(StoppedEpoch is int stopped ? $" (stopped after {stopped})" : "")}; " : "") +
            string.Join(", ", Metrics.Select(m => $"{m.Name} {Show(m.Value)}"));
    }
}
