using System.Globalization;
using System.Numerics;
using VectorNN.Layers;
using VectorNN.Losses;

namespace VectorNN.IO;

/// <summary>
/// Checks that the parts of a model file whose checksums verify also agree with each other: the class or target names
/// with the output width, the loss with the output activation, the normalization's scales, and the weights with finite outputs.
/// </summary>
/// <remarks>
/// Class names: one per output, or two for a single output (a binary classifier: class 0 below 1/2, class 1 at or above);
/// none empty or blank, none twice. Target names: one per output, likewise, and never beside class names. Normalization
/// and target normalization scales: positive (a standard deviation or a range). Weights: the
/// network's outputs are finite for inputs of all 0, all 1 and all -1 (typical normalized inputs), so weights that
/// overflow on every input are refused on load rather than turning every prediction into NaN.
/// </remarks>
internal static class ModelValidation
{
    /// <summary>Returns <paramref name="model"/> when its parts agree; otherwise throws naming the file and the contradiction.</summary>
    /// <exception cref="ModelFormatException">The model contradicts itself.</exception>
    public static LoadedModel Checked(string path, LoadedModel model)
    {
        ModelMetadata metadata = model.Metadata;
        Activation output = model.Activations[^1];
        if (!metadata.Loss.Fits(output))
        {
            throw new ModelFormatException(
                path, $"loss {Names.Of(metadata.Loss)} does not fit the output activation {Names.Of(output)} (cross-entropy needs softmax, binary-cross-entropy needs logistic)");
        }

        if (metadata.Classes is { } classes)
        {
            RequireClasses(path, classes, model.LayerWidths[^1]);
        }

        if (metadata.Targets is { } targets)
        {
            if (metadata.Classes is not null)
            {
                throw new ModelFormatException(path, "the model names both classes and targets; expected one or the other (a classifier or a regression model)");
            }

            if (targets.Count != model.LayerWidths[^1])
            {
                throw new ModelFormatException(path, $"targets names {targets.Count} targets, expected {model.LayerWidths[^1]}: one per output of the network");
            }

            RequireDistinctNames(path, targets, "target");
        }

        RequirePositiveScales(path, "normalization", metadata.Normalization);
        RequirePositiveScales(path, "target_normalization", metadata.TargetNormalization);

        if (model.Precision == ModelPrecision.Single)
        {
            RequireFiniteOutputs(path, model.AsSingle());
        }
        else
        {
            RequireFiniteOutputs(path, model.AsDouble());
        }

        return model;
    }

    private static void RequireClasses(string path, IReadOnlyList<string> classes, int outputs)
    {
        if (classes.Count != outputs && !(outputs == 1 && classes.Count == 2))
        {
            string expected = outputs == 1 ? "1 or 2 (a binary classifier)" : outputs.ToString(CultureInfo.InvariantCulture);
            throw new ModelFormatException(path, $"classes names {classes.Count} classes, expected {expected}: one per output of the {outputs}-output network");
        }

        RequireDistinctNames(path, classes, "class");
    }

    private static void RequireDistinctNames(string path, IReadOnlyList<string> names, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]))
            {
                throw new ModelFormatException(path, $"{what} {i} has an empty name; expected a name for every {what}");
            }

            if (!seen.Add(names[i]))
            {
                throw new ModelFormatException(path, $"{what} {i} is '{names[i]}' again; expected distinct {what} names");
            }
        }
    }

    private static void RequirePositiveScales(string path, string key, Data.Normalization? normalization)
    {
        IReadOnlyList<double> scales = normalization?.Scales ?? [];
        for (int i = 0; i < scales.Count; i++)
        {
            if (!(scales[i] > 0))
            {
                throw new ModelFormatException(path, string.Create(CultureInfo.InvariantCulture, $"{key} scale {i} is {scales[i]}; expected a positive scale (a standard deviation or a range)"));
            }
        }
    }

    private static void RequireFiniteOutputs<T>(string path, Network<T> network)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int inputs = network.InputCount;
        int outputs = network.OutputCount;
        T[] probe = new T[3 * inputs];
        probe.AsSpan(inputs, inputs).Fill(T.One);
        probe.AsSpan(2 * inputs, inputs).Fill(-T.One);
        var results = new T[3 * outputs];
        network.Predict(probe, 3, results);
        int bad = Array.FindIndex(results, v => !T.IsFinite(v));
        if (bad >= 0)
        {
            T largest = T.Zero;
            foreach (T w in network.Parameters.Values)
            {
                largest = T.Max(largest, T.Abs(w));
            }

            string input = (bad / outputs) switch { 0 => "0", 1 => "1", _ => "-1" };
            throw new ModelFormatException(
                path, string.Create(CultureInfo.InvariantCulture, $"output {bad % outputs} is {results[bad]} for an input of all {input}: the weights overflow (largest magnitude {largest}); expected finite outputs"));
        }
    }
}
