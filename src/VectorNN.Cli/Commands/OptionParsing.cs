using System.Globalization;
using VectorNN.Layers;
using VectorNN.Losses;

namespace VectorNN.Cli.Commands;

/// <summary>Turns option text into library values, with usage errors that say what was expected.</summary>
internal static class OptionParsing
{
    /// <summary>"784,256,128,10": at least two widths, each >= 1.</summary>
    public static int[] Layers(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var widths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out widths[i]) || widths[i] < 1)
            {
                throw new UsageException($"--layers: expected comma-separated widths >= 1 such as 784,256,128,10, got '{text}' (item {i + 1}: '{parts[i]}').");
            }
        }

        if (widths.Length < 2)
        {
            throw new UsageException($"--layers: expected at least an input and an output width, got '{text}'.");
        }

        return widths;
    }

    public static Activation Activation(string text, string option) =>
        Names.TryParseActivation(text, out Activation a)
            ? a
            : throw new UsageException($"{option}: expected one of {string.Join("|", Names.Activations)}, got '{text}'.");

    public static Loss Loss(string text) =>
        Names.TryParseLoss(text, out Loss l)
            ? l
            : throw new UsageException($"--loss: expected one of {string.Join("|", Names.Losses)}, got '{text}'.");

    /// <summary>The output activation a loss needs when the user did not name one.</summary>
    public static Activation OutputFor(Loss loss) => loss switch
    {
        Losses.Loss.CrossEntropy => VectorNN.Layers.Activation.Softmax,
        Losses.Loss.BinaryCrossEntropy => VectorNN.Layers.Activation.Logistic,
        _ => VectorNN.Layers.Activation.Identity,
    };
}
