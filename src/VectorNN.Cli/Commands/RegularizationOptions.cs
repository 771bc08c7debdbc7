using System.CommandLine;
using System.Globalization;
using System.Numerics;
using VectorNN.Data;
using VectorNN.Layers;

namespace VectorNN.Cli.Commands;

/// <summary><c>train</c>'s <c>--class-weight</c> and <c>--dropout</c>: parsed and checked before any file is read.</summary>
internal static class RegularizationOptions
{
    public static readonly Option<string?> ClassWeight = new("--class-weight")
    {
        Description = "Loss weight per class: balanced (n_samples / (n_classes * count_c)) or W1,W2,... one positive weight per class.",
    };

    public static readonly Option<string?> Dropout = new("--dropout")
    {
        Description = "Dropout rate in [0, 1) after every hidden layer, or one rate per hidden layer (e.g. 0.2,0.1); training only.",
    };

    /// <summary>The explicit class weights, null for none or <c>balanced</c> (see <see cref="IsBalanced"/>).</summary>
    /// <exception cref="UsageException">A weight that is not a positive, finite number.</exception>
    public static double[]? ExplicitClassWeights(ParseResult result)
    {
        if (result.GetValue(ClassWeight) is not string text || IsBalanced(result))
        {
            return null;
        }

        return [.. text.Split(',').Select(part =>
            double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double w) && w > 0 && double.IsFinite(w)
                ? w
                : throw new UsageException($"--class-weight: expected balanced or positive, finite weights (> 0) separated by commas, got '{part}'."))];
    }

    /// <summary>Whether <c>--class-weight balanced</c> was given.</summary>
    public static bool IsBalanced(ParseResult result) => result.GetValue(ClassWeight) == "balanced";

    /// <summary>
    /// The data with its samples weighted by class, or the data itself without <c>--class-weight</c>; for
    /// <c>balanced</c>, <paramref name="weights"/> receives the computed class weights.
    /// </summary>
    /// <exception cref="UsageException">Not one weight per class, or (balanced) a class without training samples.</exception>
    public static Dataset<T> Apply<T>(ParseResult result, ref double[]? weights, Dataset<T> train)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int classes = Math.Max(train.TargetWidth, 2);
        string names = train.ClassNames is { } n ? $" ({string.Join(", ", n)})" : "";
        if (IsBalanced(result))
        {
            try
            {
                weights = ClassWeights.Balanced(train);
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--class-weight balanced: {e.Message}");
            }
        }

        if (weights is null)
        {
            return train;
        }

        if (weights.Length != classes)
        {
            throw new UsageException($"--class-weight: {weights.Length} weight(s) given, but the training data has {classes} classes{names}; give one weight per class.");
        }

        return train.WithSampleWeights(ClassWeights.ToSampleWeights(train, weights));
    }

    /// <summary>The dropout rate of each hidden layer, or null without <c>--dropout</c>.</summary>
    /// <exception cref="UsageException">A rate outside [0, 1), or a count that is neither one nor the hidden layers'.</exception>
    public static double[]? Rates(ParseResult result, int hiddenLayers)
    {
        if (result.GetValue(Dropout) is not string text)
        {
            return null;
        }

        double[] rates = [.. text.Split(',').Select(part =>
            double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double r) && r is >= 0 and < 1
                ? r
                : throw new UsageException($"--dropout: expected rates in [0, 1) separated by commas, got '{part}'."))];
        if (rates.Length == 1)
        {
            return [.. Enumerable.Repeat(rates[0], hiddenLayers)];
        }

        return rates.Length == hiddenLayers
            ? rates
            : throw new UsageException($"--dropout: {rates.Length} rates given for {hiddenLayers} hidden layer(s); give one rate for all or one per hidden layer.");
    }

    /// <summary>The layers with the given hidden-layer dropout rates (the output layer never drops).</summary>
    public static LayerSpec[] WithRates(LayerSpec[] layers, double[]? rates)
    {
        if (rates is not null)
        {
            for (int i = 0; i < rates.Length; i++)
            {
                layers[i] = layers[i] with { DropoutRate = rates[i] };
            }
        }

        return layers;
    }
}
