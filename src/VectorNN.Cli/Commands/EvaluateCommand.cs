using System.CommandLine;
using System.Globalization;
using VectorNN.Cli.Output;
using VectorNN.Data;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Quantization;
using VectorNN.Training;

namespace VectorNN.Cli.Commands;

/// <summary><c>evaluate</c>: a saved model's loss, accuracy and confusion matrix on a data set.</summary>
internal static class EvaluateCommand
{
    private static readonly Option<string> DataFile = new("--data") { Description = "CSV, or IDX images.", Required = true };
    private static readonly Option<string?> Labels = new("--labels") { Description = "IDX labels of --data (default: by the MNIST naming convention)." };
    private static readonly Option<string?> Label = new("--label") { Description = "CSV class column, by name or 0-based index (default: the last column)." };

    public static Command Create() => ModelCommand.Create(
        "evaluate", "Loss, accuracy and confusion matrix of a saved model on a data set.", [DataFile, Labels, Label], result => new Action(result));

    private sealed class Action(ParseResult result) : IModelAction
    {
        public int Run<T>(Network<T> network, ModelMetadata metadata)
            where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T> =>
            Report<T>(
                network.InputCount,
                network.OutputCount,
                data => Evaluator.Evaluate(network, data, metadata.Loss),
                data => FiniteOutputs.Require(network, data, result.GetValue(DataFile)!),
                metadata);

        public int Run(QuantizedNetwork network, ModelMetadata metadata) =>
            Report<float>(
                network.InputCount,
                network.OutputCount,
                data => Evaluator.Evaluate(network, data, metadata.Loss),
                data => FiniteOutputs.Require(network, data, result.GetValue(DataFile)!),
                metadata);

        private int Report<T>(
            int inputCount, int outputCount, Func<Dataset<T>, Evaluation> evaluate, Action<Dataset<T>> requireFiniteOutputs, ModelMetadata metadata)
            where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        {
            Dataset<T> data = DataSource.Load<T>(result.GetValue(DataFile)!, result.GetValue(Labels), result.GetValue(Label), metadata.Classes);
            if (metadata.Normalization is Normalization n)
            {
                data = DataSource.Normalized(data, n);
            }

            if (data.InputWidth != inputCount || data.TargetWidth != outputCount)
            {
                throw new DataFormatException(
                    result.GetValue(DataFile)!, 0, 0, $"expected {inputCount} features and {outputCount} classes (the model's), got {data.InputWidth} and {data.TargetWidth}");
            }

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
                report.Writer.WriteStartArray("classes");
                foreach (string c in data.ClassNames ?? [])
                {
                    report.Writer.WriteStringValue(c);
                }

                report.Writer.WriteEndArray();
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
