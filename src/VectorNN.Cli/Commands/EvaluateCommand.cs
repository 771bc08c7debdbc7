using System.CommandLine;
using System.Globalization;
using VectorNN.Cli.Output;
using VectorNN.Data;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Quantization;
using VectorNN.Training;

namespace VectorNN.Cli.Commands;

/// <summary>
/// <c>evaluate</c>: a saved classifier's loss, accuracy and confusion matrix on a data set, or a regression model's
/// MSE, RMSE, MAE and R^2 per target and overall, in the targets' own units.
/// </summary>
internal static class EvaluateCommand
{
    private static readonly Option<string> DataFile = new("--data") { Description = "CSV, or IDX images.", Required = true };
    private static readonly Option<string?> Labels = new("--labels") { Description = "IDX labels of --data (default: by the MNIST naming convention)." };
    private static readonly Option<string?> Label = new("--label") { Description = "CSV class column, by name or 0-based index (default: the last column)." };
    private static readonly Option<string?> Target = new("--target") { Description = "A regression model's target columns, by name or 0-based index, comma-separated (default: the model's, by the names it was trained with)." };

    public static Command Create() => ModelCommand.Create(
        "evaluate",
        "Loss, accuracy and confusion matrix of a saved classifier, or MSE, RMSE, MAE and R^2 per target of a regression model, on a data set.",
        [DataFile, Labels, Label, Target],
        CreateAction);

    private static Action CreateAction(ParseResult result)
    {
        if (result.GetValue(Target) is string target)
        {
            Regression.ParseTargets(target);
            if (result.GetValue(Label) is not null)
            {
                throw new UsageException("--target and --label: give one or the other (--label is a classifier's class column).");
            }
        }

        return new Action(result);
    }

    private sealed class Action(ParseResult result) : IModelAction
    {
        public int Run<T>(Network<T> network, ModelMetadata metadata)
            where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T> =>
            IsRegression(metadata)
                ? ReportRegression<T>(network.InputCount, network.OutputCount, network.Predict, metadata)
                : Report<T>(
                    network.InputCount,
                    network.OutputCount,
                    data => Evaluator.Evaluate(network, data, metadata.Loss),
                    data => FiniteOutputs.Require(network, data, result.GetValue(DataFile)!),
                    metadata);

        public int Run(QuantizedNetwork network, ModelMetadata metadata) =>
            IsRegression(metadata)
                ? ReportRegression<float>(network.InputCount, network.OutputCount, network.Predict, metadata)
                : Report<float>(
                    network.InputCount,
                    network.OutputCount,
                    data => Evaluator.Evaluate(network, data, metadata.Loss),
                    data => FiniteOutputs.Require(network, data, result.GetValue(DataFile)!),
                    metadata);

        // A model that names its targets, or any model evaluated on named target columns.
        private bool IsRegression(ModelMetadata metadata) => metadata.Targets is not null || result.GetValue(Target) is not null;

        private int ReportRegression<T>(int inputCount, int outputCount, BatchPrediction<T> predict, ModelMetadata metadata)
            where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        {
            if (metadata.Classes is not null)
            {
                throw new UsageException($"--target: {result.GetValue(ModelCommand.Model)} is a classifier (it names classes); evaluate it with its class column (--label).");
            }

            if (result.GetValue(Label) is not null)
            {
                throw new UsageException($"--label: {result.GetValue(ModelCommand.Model)} is a regression model of {string.Join(",", metadata.Targets!)}; its target columns are --target (default: those names).");
            }

            string path = result.GetValue(DataFile)!;
            IReadOnlyList<string> targets = result.GetValue(Target) is string t ? Regression.ParseTargets(t) : metadata.Targets!;
            Dataset<T> data = DataSource.Load<T>(path, null, null, null, targets);
            if (data.InputWidth != inputCount || data.TargetWidth != outputCount)
            {
                throw new DataFormatException(
                    path, 0, 0, $"expected {inputCount} features and {outputCount} targets (the model's), got {data.InputWidth} and {data.TargetWidth}");
            }

            // Just loaded and held by nothing else: rescaled in place.
            metadata.Normalization?.Apply(data);

            RegressionEvaluation e = Regression.Evaluate(predict, data, metadata.TargetNormalization, path);
            IReadOnlyList<string> names = metadata.Targets ?? data.TargetNames!;
            if (result.GetValue(GlobalOptions.Json))
            {
                using var report = new JsonReport();
                report.Number("count", e.Count);
                JsonReport.Strings(report.Writer, "targets", names);
                Regression.Write(report.Writer, e, names);
                report.Print();
            }
            else
            {
                Terminal.Line($"{e.Count} samples, {names.Count} target(s):");
                Regression.Print(e, names);
            }

            return ExitCodes.Success;
        }

        private int Report<T>(
            int inputCount, int outputCount, Func<Dataset<T>, Evaluation> evaluate, Action<Dataset<T>> requireFiniteOutputs, ModelMetadata metadata)
            where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        {
            Dataset<T> data = DataSource.Load<T>(result.GetValue(DataFile)!, result.GetValue(Labels), result.GetValue(Label), metadata.Classes);
            if (data.InputWidth != inputCount || data.TargetWidth != outputCount)
            {
                throw new DataFormatException(
                    result.GetValue(DataFile)!, 0, 0, $"expected {inputCount} features and {outputCount} classes (the model's), got {data.InputWidth} and {data.TargetWidth}");
            }

            // The set was just loaded and nothing else holds it: rescaled in place.
            metadata.Normalization?.Apply(data);

            Evaluation e = evaluate(data);
            if (!double.IsFinite(e.Loss))
            {
                // Name the sample whose prediction overflowed rather than report a NaN loss.
                requireFiniteOutputs(data);
                throw new DataFormatException(result.GetValue(DataFile)!, 0, 0, string.Create(CultureInfo.InvariantCulture, $"expected a finite loss, got {e.Loss} ({Names.Of(metadata.Loss)}) from finite outputs"));
            }

            if (result.GetValue(GlobalOptions.Json))
            {
                using var report = new JsonReport();
                report.Number("loss", e.Loss).Number("accuracy", e.Accuracy).Number("count", e.Count).Matrix("confusion_matrix", e.ConfusionMatrix);
                ClassMetricsOutput.Write(report, e);
                JsonReport.Strings(report.Writer, "classes", data.ClassNames ?? []);
                report.Print();
            }
            else
            {
                Terminal.Line($"{e.Count} samples: loss {e.Loss:F6} ({Names.Of(metadata.Loss)}), accuracy {e.Accuracy:F4}");
                Terminal.ConfusionMatrix(e.ConfusionMatrix, data.ClassNames);
                ClassMetricsOutput.Print(e, data.ClassNames);
            }

            return ExitCodes.Success;
        }
    }
}
