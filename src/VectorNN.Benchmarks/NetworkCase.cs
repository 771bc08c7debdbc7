using System.Globalization;
using VectorNN.IO;
using VectorNN.Layers;

namespace VectorNN.Benchmarks;

/// <summary>
/// Builds the network a <see cref="NetworkBenchmarkSettings.NetworkCase"/> string describes, in the benchmark process:
/// a model file's path, or widths and a hidden activation such as <c>784-256-10 relu</c> (softmax output, He weights,
/// seed 1).
/// </summary>
internal static class NetworkCase
{
    /// <summary>The network of <paramref name="description"/>, in single precision.</summary>
    public static Network<float> Build(string description)
    {
        int space = description.LastIndexOf(' ');
        if (space < 0 || !TryWidths(description[..space], out int[] widths))
        {
            return ModelFile.Load(description).AsSingle();
        }

        var activation = Enum.Parse<Activation>(description[(space + 1)..], ignoreCase: true);
        var layers = new LayerSpec[widths.Length - 1];
        for (int i = 1; i < widths.Length; i++)
        {
            layers[i - 1] = new LayerSpec(widths[i], i == widths.Length - 1 ? Activation.Softmax : activation);
        }

        var network = new Network<float>(widths[0], layers);
        network.Initialize(new WeightInit.He(), seed: 1);
        return network;
    }

    private static bool TryWidths(string text, out int[] widths)
    {
        var parts = text.Split('-');
        widths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out widths[i]))
            {
                return false;
            }
        }

        return parts.Length >= 2;
    }
}
