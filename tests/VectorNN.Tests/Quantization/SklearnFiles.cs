using System.Globalization;
using System.IO.Compression;
using VectorNN.Data;

namespace VectorNN.Tests.Quantization;

/// <summary>
/// The wine and digits files of the repository's data folder (copied beside the tests), in the format Debian's
/// python3-sklearn ships: features then the class index on each line; wine has a first line
/// <c>n_samples,n_features,class names...</c>, digits is gzip with no header.
/// </summary>
internal static class SklearnFiles
{
    public static Dataset<float> Wine() => Load("wine_data.csv", header: true, features: 13, classes: 3);

    public static Dataset<float> Digits() => Load("digits.csv.gz", header: false, features: 64, classes: 10);

    private static Dataset<float> Load(string name, bool header, int features, int classes)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "data", name);
        using Stream file = File.OpenRead(path);
        using Stream stream = name.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        List<string> lines = [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        if (header)
        {
            lines.RemoveAt(0);
        }

        var inputs = new float[lines.Count * features];
        var labels = new int[lines.Count];
        for (int i = 0; i < lines.Count; i++)
        {
            string[] fields = lines[i].Split(',');
            for (int j = 0; j < features; j++)
            {
                inputs[(i * features) + j] = float.Parse(fields[j], CultureInfo.InvariantCulture);
            }

            labels[i] = (int)double.Parse(fields[features], CultureInfo.InvariantCulture);
        }

        return Dataset<float>.FromLabels(inputs, features, labels, classes);
    }
}
