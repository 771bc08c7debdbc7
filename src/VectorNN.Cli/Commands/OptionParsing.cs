using System.Globalization;
using VectorNN.Layers;
using VectorNN.Losses;

namespace VectorNN.Cli.Commands;

/// <summary>
/// Turns option text into library values and checks every value against its documented range before any work, with
/// usage errors (exit 2) that name the option and the range.
/// </summary>
internal static class OptionParsing
{
    /// <summary>
    /// The most values a network may hold in parameters, and a training batch in activations: 2^27, half a GiB in single
    /// precision. Training keeps up to four arrays that size (parameters, gradients, Adam's two moments).
    /// </summary>
    public const long MaxValues = 1L << 27;

    /// <summary>The largest <c>--batch</c>: far beyond what helps training, small enough that its buffers fit.</summary>
    public const int MaxBatch = 65_536;

    /// <summary>The largest <c>--epochs</c>.</summary>
    public const int MaxEpochs = 1_000_000;

    /// <summary>The largest <c>--threads</c>.</summary>
    public const int MaxThreads = 1_024;

    /// <summary>A parse error with the expected type in words and its range, instead of a .NET type name.</summary>
    public static string Readable(string parseError) => parseError
        .Replace("as expected type 'System.Int32'", "as expected: a whole number (--help gives each option's range)", StringComparison.Ordinal)
        .Replace("as expected type 'System.UInt64'", "as expected: a whole number from 0 to 18,446,744,073,709,551,615", StringComparison.Ordinal)
        .Replace("as expected type 'System.Nullable`1[System.Double]'", "as expected: a number such as 0.01 or 1e-3", StringComparison.Ordinal)
        .Replace("as expected type 'System.Double'", "as expected: a number such as 0.01 or 1e-3", StringComparison.Ordinal);

    /// <summary>An integer option in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static int InRange(int value, string option, int min, int max) =>
        value >= min && value <= max
            ? value
            : throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{option}: expected {min:N0} to {max:N0}, got {value:N0}."));

    /// <summary>A learning rate: finite and >= 0.</summary>
    public static double Rate(double value, string option) =>
        double.IsFinite(value) && value >= 0
            ? value
            : throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{option}: expected a finite rate >= 0, got {value}."));

    /// <summary>
    /// A path a file will be written to: not empty, not a folder or a path ending in a separator, in a folder that
    /// exists. (Whether an existing file there may be replaced is the writer's check.)
    /// </summary>
    public static string OutputPath(string path, string option)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new UsageException($"{option}: expected a file path, got '{path}'.");
        }

        if (Path.EndsInDirectorySeparator(path) || Directory.Exists(path))
        {
            throw new UsageException($"{option}: expected a file path, got the folder '{path}'.");
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Directory.Exists(folder) ? path : throw new UsageException($"{option}: the folder '{folder}' of '{path}' does not exist.");
    }

    /// <summary>Throws unless a network of <paramref name="widths"/> has at most <paramref name="max"/> parameters.</summary>
    public static void CheckParameters(int[] widths, string option, long max = MaxValues)
    {
        long parameters = 0;
        for (int i = 1; i < widths.Length; i++)
        {
            parameters += ((long)widths[i - 1] + 1) * widths[i];
        }

        if (parameters > max)
        {
            throw new UsageException(string.Create(
                CultureInfo.InvariantCulture, $"{option}: expected a network of at most {max:N0} parameters, got {parameters:N0} ({string.Join(",", widths)})."));
        }
    }

    /// <summary>Throws unless a batch of <paramref name="batch"/> samples through <paramref name="widths"/> holds at most <see cref="MaxValues"/> activations.</summary>
    public static void CheckActivations(int[] widths, int batch)
    {
        long perSample = widths.Sum(w => (long)w);
        if (batch * perSample > MaxValues)
        {
            throw new UsageException(string.Create(
                CultureInfo.InvariantCulture, $"--batch: expected batch x (sum of layer widths) at most {MaxValues:N0}, got {batch:N0} x {perSample:N0}."));
        }
    }

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
