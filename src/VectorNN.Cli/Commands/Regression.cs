using System.Globalization;
using System.Numerics;
using System.Text.Json;
using VectorNN.Cli.Output;
using VectorNN.Data;
using VectorNN.Training;

namespace VectorNN.Cli.Commands;

/// <summary>What the commands share for regression models: the <c>--target</c> list, predictions in the targets' units, and the metrics report.</summary>
internal static class Regression
{
    /// <summary>"progression" or "3,4": comma-separated column names or 0-based indices, none empty, none twice.</summary>
    public static string[] ParseTargets(string text)
    {
        string[] items = text.Split(',', StringSplitOptions.TrimEntries);
        for (int i = 0; i < items.Length; i++)
        {
            if (items[i].Length == 0)
            {
                throw new UsageException($"--target: expected comma-separated column names or 0-based indices such as progression or 3,4, got '{text}' (item {i + 1} is empty).");
            }

            if (Array.IndexOf(items, items[i], 0, i) >= 0)
            {
                throw new UsageException($"--target: expected distinct columns, got '{items[i]}' twice in '{text}'.");
            }
        }

        return items;
    }

    /// <summary>
    /// The model's predictions for <paramref name="inputs"/> [count x inputs] in the targets' units: its outputs with
    /// <paramref name="standardization"/> undone; a non-finite output is an error naming the sample.
    /// </summary>
    public static T[] Predict<T>(BatchPrediction<T> predict, ReadOnlySpan<T> inputs, int count, int outputs, Normalization? standardization, string inputPath)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var predictions = new T[count * outputs];
        if (count > 0)
        {
            predict(inputs, count, predictions);
            FiniteOutputs.Require<T>(predictions, outputs, inputPath);
            standardization?.Invert<T>(predictions);
        }

        return predictions;
    }

    /// <summary>The metrics of the model on <paramref name="data"/>, whose targets are in their own units.</summary>
    public static RegressionEvaluation Evaluate<T>(BatchPrediction<T> predict, Dataset<T> data, Normalization? standardization, string inputPath)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] predictions = Predict(predict, data.Inputs, data.Count, data.TargetWidth, standardization, inputPath);
        return RegressionEvaluation.Compute<T>(predictions, data.Targets, data.TargetWidth);
    }

    /// <summary>Writes <c>"overall": {mse, rmse, mae, r2}</c> and <c>"per_target": [{target, mse, rmse, mae, r2}, ...]</c>.</summary>
    public static void Write(Utf8JsonWriter writer, RegressionEvaluation evaluation, IReadOnlyList<string> names)
    {
        writer.WriteStartObject("overall");
        WriteMetrics(writer, evaluation.Overall);
        writer.WriteEndObject();
        writer.WriteStartArray("per_target");
        for (int j = 0; j < evaluation.Targets.Count; j++)
        {
            writer.WriteStartObject();
            writer.WriteString("target", names[j]);
            WriteMetrics(writer, evaluation.Targets[j]);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>A table with a row per target and, for several targets, one for all of them.</summary>
    public static void Print(RegressionEvaluation evaluation, IReadOnlyList<string> names)
    {
        IEnumerable<IReadOnlyList<string>> rows = evaluation.Targets.Select((m, j) => Row(names[j], m));
        if (evaluation.Targets.Count > 1)
        {
            rows = rows.Append(Row("overall (mean over targets)", evaluation.Overall));
        }

        Terminal.Table(["target", "MSE", "RMSE", "MAE", "R^2"], rows);
    }

    /// <summary>R^2 in a few characters: "undefined" for a constant target.</summary>
    public static string Show(double? rSquared) => rSquared is double r ? r.ToString("F4", CultureInfo.InvariantCulture) : "undefined (constant target)";

    private static IReadOnlyList<string> Row(string name, RegressionMetrics m) =>
    [
        name,
        m.MeanSquaredError.ToString("G6", CultureInfo.InvariantCulture),
        m.RootMeanSquaredError.ToString("G6", CultureInfo.InvariantCulture),
        m.MeanAbsoluteError.ToString("G6", CultureInfo.InvariantCulture),
        Show(m.RSquared),
    ];

    private static void WriteMetrics(Utf8JsonWriter writer, RegressionMetrics m)
    {
        writer.WriteNumber("mse", m.MeanSquaredError);
        writer.WriteNumber("rmse", m.RootMeanSquaredError);
        writer.WriteNumber("mae", m.MeanAbsoluteError);
        if (m.RSquared is double r)
        {
            writer.WriteNumber("r2", r);
        }
        else
        {
            writer.WriteNull("r2");
        }
    }
}
