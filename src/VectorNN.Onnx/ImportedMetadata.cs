using System.Text.Json;
using VectorNN.Data;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;

namespace VectorNN.Onnx;

/// <summary>
/// The <see cref="ModelMetadata"/> of an imported model, from its <c>metadata_props</c> (VectorNN's own keys, see
/// <see cref="OnnxFormat"/>) and the normalization nodes the importer read.
/// </summary>
internal static class ImportedMetadata
{
    /// <summary>The stored loss when it fits the output layer, else the usual one for it.</summary>
    public static Loss LossOf(Dictionary<string, string> props, Activation output)
    {
        if (props.TryGetValue(OnnxFormat.LossKey, out string? name) && Names.TryParseLoss(name, out Loss loss) && loss.Fits(output))
        {
            return loss;
        }

        return output switch
        {
            Activation.Softmax => Loss.CrossEntropy,
            Activation.Logistic => Loss.BinaryCrossEntropy,
            _ => Loss.MeanSquaredError,
        };
    }

    /// <summary>
    /// The composed constant Sub, Add, Mul and Div nodes as x' = (x - offset) / scale. When the model's
    /// <c>vectornn.normalization</c> rounds to the graph's constants, its exact statistics and method are taken instead.
    /// </summary>
    public static Normalization? NormalizationOf(
        Dictionary<string, string> props, List<(string Op, double[] Constant)> normalization, int features, ModelPrecision precision, Func<string, Exception> error)
    {
        Normalization? stored = null;
        if (props.TryGetValue(OnnxFormat.NormalizationKey, out string? json))
        {
            try
            {
                stored = Normalization.FromJson(json);
            }
            catch (FormatException)
            {
                // Not VectorNN's own metadata: the graph alone tells the normalization.
            }
        }

        if (stored is not null && stored.FeatureCount != features)
        {
            stored = null;
        }

        if (normalization.Count == 0)
        {
            return stored is { Method: NormalizationMethod.None } ? stored : null;
        }

        var offsets = new double[features];
        var scales = Enumerable.Repeat(1.0, features).ToArray();
        foreach ((string op, double[] c) in normalization)
        {
            for (int j = 0; j < features; j++)
            {
                double v = c.Length == 1 ? c[0] : c[j];
                switch (op)
                {
                    case "Sub": offsets[j] += v * scales[j]; break;
                    case "Add": offsets[j] -= v * scales[j]; break;
                    case "Div": scales[j] *= v; break;
                    default: scales[j] /= v; break;
                }
            }
        }

        if (stored is not null && stored.Method != NormalizationMethod.None && normalization is [("Sub", _), ("Div", _)]
            && Rounded(stored.Offsets, precision).SequenceEqual(offsets) && Rounded(stored.Scales, precision).SequenceEqual(scales))
        {
            return stored;
        }

        for (int j = 0; j < features; j++)
        {
            if (!double.IsFinite(offsets[j]) || !double.IsFinite(scales[j]) || scales[j] == 0)
            {
                throw error($"the normalization nodes give feature {j} offset {offsets[j]} and scale {scales[j]}; expected finite values and a non-zero scale");
            }
        }

        // The graph does not say which statistics its constants are: z-score is the name for the general (x - offset) / scale.
        return new Normalization(NormalizationMethod.ZScore, offsets, scales);
    }

    private static IEnumerable<double> Rounded(IReadOnlyList<double> values, ModelPrecision precision) =>
        precision == ModelPrecision.Single ? values.Select(v => (double)(float)v) : values;

    /// <summary>The stored class or target names under <paramref name="key"/> when they are a JSON array of one string per output, else none.</summary>
    public static string[]? NamesOf(Dictionary<string, string> props, string key, int outputs)
    {
        if (!props.TryGetValue(key, out string? json))
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Array
                && document.RootElement.GetArrayLength() == outputs
                && document.RootElement.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
            {
                return [.. document.RootElement.EnumerateArray().Select(e => e.GetString()!)];
            }
        }
        catch (JsonException)
        {
            // Class names that do not parse are left out, as if absent.
        }

        return null;
    }
}
