using System.CommandLine;
using System.Globalization;
using System.Text;
using VectorNN.Cli.Output;
using VectorNN.Data;
using VectorNN.IO;
using VectorNN.Kernels;
using VectorNN.Layers;
using VectorNN.Quantization;

namespace VectorNN.Cli.Commands;

/// <summary>
/// <c>predict</c>: a CSV with each sample's predicted class and class probabilities, or, for a regression model, its
/// predicted targets under their column names (in the targets' units: a target standardization is undone).
/// </summary>
internal static class PredictCommand
{
    private static readonly Option<string> Input = new("--input") { Description = "CSV of feature rows (a label column, if present, is ignored), or IDX images.", Required = true };
    private static readonly Option<string?> Output = new("--output") { Description = "Write the CSV here instead of stdout." };
    private static readonly Option<string?> Label = new("--label") { Description = "The label column to ignore, by name or 0-based index (default: the last, when there is one more column than the model's inputs; a regression model's target columns are ignored by their names)." };

    public static Command Create() => ModelCommand.Create(
        "predict", "Predicted class and class probabilities (or outputs) for each row of a CSV or image of an IDX file.", [Input, Output, Label], CreateAction);

    private static Action CreateAction(ParseResult result)
    {
        if (result.GetValue(Output) is string path)
        {
            OptionParsing.OutputPath(path, "--output");
        }

        return new Action(result);
    }

    private sealed class Action(ParseResult result) : IModelAction
    {
        public int Run<T>(Network<T> network, ModelMetadata metadata)
            where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T> =>
            Predict<T>(network.InputCount, network.OutputCount, network.Predict, metadata);

        public int Run(QuantizedNetwork network, ModelMetadata metadata) =>
            Predict<float>(network.InputCount, network.OutputCount, network.Predict, metadata);

        private int Predict<T>(int inputCount, int k, BatchPrediction<T> predict, ModelMetadata metadata)
            where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        {
            string path = result.GetValue(Input)!;
            if (metadata.Targets is { } modelTargets && result.GetValue(Label) is not null)
            {
                // Rows that carry the targets drop them by name; a class column has no meaning for this model.
                throw new UsageException($"--label: {result.GetValue(ModelCommand.Model)} is a regression model of {string.Join(",", modelTargets)}, which has no class column.");
            }

            T[] inputs;
            using (PeekStream input = DataSource.Open(path))
            {
                inputs = DataSource.IsCsv(path, input.Start)
                    ? CsvLoader.LoadFeatures<T>(
                        input, path, inputCount, new CsvOptions { Label = result.GetValue(Label), TargetColumns = metadata.Targets, Limits = DataSource.Limits })
                    : IdxImages<T>(input, path, inputCount);
            }

            metadata.Normalization?.Apply<T>(inputs);
            int count = inputs.Length / inputCount;
            T[] outputs = Regression.Predict(predict, inputs, count, k, metadata.TargetNormalization, path);

            // A single output is a binary classifier: it may name both classes, and its value is the second's probability.
            // A regression model's outputs are its targets, named as in its training data.
            IReadOnlyList<string>? classes = metadata.Classes;
            bool classifier = classes is not null && (classes.Count == k || (k == 1 && classes.Count == 2));
            var csv = new StringBuilder();
            csv.AppendLine(
                classifier ? "predicted," + string.Join(",", classes!.Skip(classes!.Count - k).Select(c => Quote("p_" + c)))
                : metadata.Targets is { } targets ? string.Join(",", targets.Select(Quote))
                : string.Join(",", Enumerable.Range(0, k).Select(i => $"output_{i}")));
            for (int s = 0; s < count; s++)
            {
                ReadOnlySpan<T> row = outputs.AsSpan(s * k, k);
                if (classifier)
                {
                    int predicted = k == 1 ? (row[0] >= T.CreateTruncating(0.5) ? 1 : 0) : Reduce.ArgMax(row);
                    csv.Append(Quote(classes![Math.Min(predicted, classes.Count - 1)])).Append(',');
                }

                for (int j = 0; j < k; j++)
                {
                    csv.Append(double.CreateTruncating(row[j]).ToString("R", CultureInfo.InvariantCulture)).Append(j + 1 < k ? "," : "");
                }

                csv.AppendLine();
            }

            bool json = result.GetValue(GlobalOptions.Json);
            if (result.GetValue(Output) is string outputPath)
            {
                File.WriteAllText(outputPath, csv.ToString());
            }
            else if (!json)
            {
                Console.Out.Write(csv.ToString());
            }

            if (json)
            {
                using var report = new JsonReport();
                report.Number("count", count);
                if (result.GetValue(Output) is string written)
                {
                    report.String("output", written);
                }
                else
                {
                    report.Writer.WriteString("csv", csv.ToString());
                }

                report.Print();
            }

            return ExitCodes.Success;
        }

        private static T[] IdxImages<T>(Stream input, string path, int expectedWidth)
            where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        {
            T[] images = IdxLoader.LoadImages<T>(input, path, out int width, DataSource.Limits);
            return width == expectedWidth
                ? images
                : throw new DataFormatException(path, 0, 0, $"expected images of {expectedWidth} pixels (the model's inputs), got {width}");
        }

        private static string Quote(string field) =>
            field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }
}
