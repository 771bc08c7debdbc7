using System.Globalization;
using System.Numerics;
using VectorNN.Layers;
using VectorNN.Losses;

namespace VectorNN.IO;

/// <summary>
/// Reads a PyTorch <c>state_dict</c> of <c>nn.Linear</c> layers saved with the safetensors library
/// (<c>safetensors.torch.save_file(model.state_dict(), path)</c>) as a VectorNN model. The file holds weights but not
/// the forward pass, so the caller gives the activations, and the layer order when the names do not give it.
/// </summary>
public static class StateDictImport
{
    private const string WeightSuffix = ".weight";
    private const string BiasSuffix = ".bias";

    /// <summary>
    /// Reads <paramref name="path"/>: every tensor is a layer's <c>PREFIX.weight</c> of shape [out, in], as
    /// <c>nn.Linear</c> stores it, or its <c>PREFIX.bias</c> of shape [out]. A layer without a bias
    /// (<c>nn.Linear(..., bias=False)</c>) gets a zero bias, which computes exactly the same outputs. The layers run in
    /// <paramref name="order"/>, else in the natural order of their prefixes (digit runs compare as numbers:
    /// <c>0</c>, <c>2</c>, <c>10</c> as <c>nn.Sequential</c> numbers them; <c>hidden.2</c> before <c>hidden.10</c>).
    /// Each layer's input width must be the previous layer's output width. Dtypes F32 and F64 are read, as
    /// <see cref="ModelPrecision.Single"/> and <see cref="ModelPrecision.Double"/>; the whole file is held in memory
    /// and nothing larger than it is allocated, whatever its header declares.
    /// </summary>
    /// <param name="path">The safetensors file.</param>
    /// <param name="activations">Each layer's activation, first layer first; <see cref="Activation.Softmax"/> only last.</param>
    /// <param name="order">The layer prefixes (e.g. <c>fc1</c>, <c>hidden.0</c>) in the order the forward pass runs them; null: natural order.</param>
    /// <param name="loss">The loss to store; null: cross-entropy for a softmax output, binary cross-entropy for a logistic one, else mean squared error.</param>
    /// <returns>The model, with no normalization or class names; its <see cref="LoadedModel.Digest"/> is the SHA-256 of the file.</returns>
    /// <exception cref="ArgumentException">
    /// No activations, softmax before the last layer, an undefined activation, a loss that does not fit the output
    /// activation, or a name repeated in <paramref name="order"/>.
    /// </exception>
    /// <exception cref="ModelFormatException">
    /// The file is not a well-formed safetensors file, or its tensors are not a chain of linear layers that matches
    /// <paramref name="activations"/> and <paramref name="order"/>: the message names the tensor.
    /// </exception>
    public static LoadedModel Load(string path, IReadOnlyList<Activation> activations, IReadOnlyList<string>? order = null, Loss? loss = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(activations);
        LayerSpec[] specs = Specs(activations);
        Loss stored = loss ?? DefaultLoss(specs[^1].Activation);
        if (!stored.Fits(specs[^1].Activation))
        {
            throw new ArgumentException($"The loss {Names.Of(stored)} does not fit the output activation {Names.Of(specs[^1].Activation)}.", nameof(loss));
        }

        SafetensorsFile file = SafetensorsFile.Read(path, metadataOptional: true);
        List<LinearLayer> layers = Ordered(file, Layers(file), order);
        if (layers.Count != specs.Length)
        {
            throw file.Error($"the file holds {layers.Count} layers ({string.Join(", ", layers.Select(l => l.Prefix))}), but {specs.Length} activations were given; expected one per layer");
        }

        int[] widths = Chain(file, layers);
        for (int i = 0; i < specs.Length; i++)
        {
            specs[i] = specs[i] with { Units = widths[i + 1] };
        }

        var metadata = new ModelMetadata { Loss = stored };
        return file.DType == "F32"
            ? new LoadedModel(metadata, widths, specs, Parameters<float>(file, layers), null, file.FileDigest())
            : new LoadedModel(metadata, widths, specs, null, Parameters<double>(file, layers), file.FileDigest());
    }

    /// <summary>
    /// Orders <paramref name="x"/> and <paramref name="y"/> naturally: runs of digits compare as numbers (so
    /// <c>hidden.2</c> comes before <c>hidden.10</c>), everything else ordinally.
    /// </summary>
    internal static int NaturalCompare(string x, string y)
    {
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                int endX = DigitsEnd(x, i), endY = DigitsEnd(y, j);
                ReadOnlySpan<char> a = x.AsSpan(i, endX - i).TrimStart('0'), b = y.AsSpan(j, endY - j).TrimStart('0');

                // Without leading zeros, a longer run is a larger number; runs of equal length compare digit by digit.
                int order = a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);
                if (order != 0)
                {
                    return order;
                }

                (i, j) = (endX, endY);
            }
            else if (x[i] != y[j])
            {
                return x[i].CompareTo(y[j]);
            }
            else
            {
                (i, j) = (i + 1, j + 1);
            }
        }

        // Equal as numbers and text up to here: the shorter name first, then ordinally ("02" before "2"), so that distinct names never tie.
        int rest = (x.Length - i).CompareTo(y.Length - j);
        return rest != 0 ? rest : string.CompareOrdinal(x, y);
    }

    private static int DigitsEnd(string s, int start)
    {
        while (start < s.Length && char.IsAsciiDigit(s[start]))
        {
            start++;
        }

        return start;
    }

    private static LayerSpec[] Specs(IReadOnlyList<Activation> activations)
    {
        if (activations.Count == 0)
        {
            throw new ArgumentException("Expected one activation per layer, got none.", nameof(activations));
        }

        var specs = new LayerSpec[activations.Count];
        for (int i = 0; i < specs.Length; i++)
        {
            if (!Enum.IsDefined(activations[i]) || (activations[i] == Activation.Softmax && i < specs.Length - 1))
            {
                throw new ArgumentException(
                    $"Activation {i + 1} of {specs.Length} is {activations[i]}; softmax is allowed on the last layer only, and the activation must be defined.", nameof(activations));
            }

            specs[i] = new LayerSpec(1, activations[i]);
        }

        return specs;
    }

    private static Loss DefaultLoss(Activation output) => output switch
    {
        Activation.Softmax => Loss.CrossEntropy,
        Activation.Logistic => Loss.BinaryCrossEntropy,
        _ => Loss.MeanSquaredError,
    };

    /// <summary>The tensors grouped by layer prefix, each layer checked to hold a weight [out, in] and an optional bias [out].</summary>
    private static Dictionary<string, LinearLayer> Layers(SafetensorsFile file)
    {
        var layers = new Dictionary<string, LinearLayer>(StringComparer.Ordinal);
        foreach (TensorEntry tensor in file.Tensors)
        {
            bool weight = tensor.Name.EndsWith(WeightSuffix, StringComparison.Ordinal);
            if (!weight && !tensor.Name.EndsWith(BiasSuffix, StringComparison.Ordinal))
            {
                throw file.Error($"tensor {tensor.Name}: expected only nn.Linear parameters, named PREFIX{WeightSuffix} and PREFIX{BiasSuffix}");
            }

            string prefix = tensor.Name[..^(weight ? WeightSuffix : BiasSuffix).Length];
            LinearLayer layer = layers.TryGetValue(prefix, out LinearLayer? found) ? found : layers[prefix] = new LinearLayer(prefix);
            if (weight)
            {
                layer.Weight = tensor;
            }
            else
            {
                layer.Bias = tensor;
            }
        }

        if (layers.Count == 0)
        {
            throw file.Error("the file holds no tensors; expected the weights of at least one nn.Linear layer");
        }

        foreach (LinearLayer layer in layers.Values)
        {
            if (layer.Weight is not { } w)
            {
                throw file.Error($"tensor {layer.Bias!.Name} has no {layer.Prefix}{WeightSuffix} beside it; expected a weight for every bias");
            }

            // Rejecting zero widths also keeps every dimension within int: the file holds its non-empty tensors' bytes.
            if (w.Shape.Length != 2 || w.Shape[0] < 1 || w.Shape[1] < 1)
            {
                throw file.Error($"tensor {w.Name} has shape {w.ShapeText}; expected [out, in] with out and in >= 1, as nn.Linear stores its weight");
            }

            if (layer.Bias is { } b && (b.Shape.Length != 1 || b.Shape[0] != w.Shape[0]))
            {
                throw file.Error($"tensor {b.Name} has shape {b.ShapeText}; expected [{w.Shape[0]}], the output width of {w.Name} {w.ShapeText}");
            }
        }

        return layers;
    }

    private static List<LinearLayer> Ordered(SafetensorsFile file, Dictionary<string, LinearLayer> layers, IReadOnlyList<string>? order)
    {
        if (order is null)
        {
            return [.. layers.Values.OrderBy(l => l.Prefix, Comparer<string>.Create(NaturalCompare))];
        }

        var ordered = new List<LinearLayer>(order.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in order)
        {
            if (!seen.Add(name))
            {
                throw new ArgumentException($"The layer order names '{name}' twice.", nameof(order));
            }

            ordered.Add(layers.TryGetValue(name, out LinearLayer? layer)
                ? layer
                : throw file.Error($"the layer order names '{name}', which has no tensor {name}{WeightSuffix}; the file's layers are {AllPrefixes(layers)}"));
        }

        if (ordered.Count != layers.Count)
        {
            string missing = layers.Keys.First(k => !seen.Contains(k));
            throw file.Error($"the layer order leaves out layer '{missing}' (tensor {missing}{WeightSuffix}); expected every layer of the file once: {AllPrefixes(layers)}");
        }

        return ordered;
    }

    private static string AllPrefixes(Dictionary<string, LinearLayer> layers) =>
        string.Join(", ", layers.Keys.Order(Comparer<string>.Create(NaturalCompare)));

    /// <summary>The input width, then each layer's output width; each layer must take the previous layer's outputs.</summary>
    private static int[] Chain(SafetensorsFile file, List<LinearLayer> layers)
    {
        var widths = new int[layers.Count + 1];
        widths[0] = (int)layers[0].Weight!.Shape[1];
        for (int i = 0; i < layers.Count; i++)
        {
            TensorEntry w = layers[i].Weight!;
            if (w.Shape[1] != widths[i])
            {
                throw file.Error(
                    $"tensor {w.Name} has shape {w.ShapeText}, so layer '{layers[i].Prefix}' takes {w.Shape[1]} inputs, but the layer before it, '{layers[i - 1].Prefix}', "
                    + $"outputs {widths[i]}; the layers must chain (in this order: {string.Join(", ", layers.Select(l => l.Prefix))}; if the forward order differs, give it: the order argument, --order of vectornn import)");
            }

            widths[i + 1] = (int)w.Shape[0];
        }

        return widths;
    }

    /// <summary>The parameters in VectorNN's layout: per layer its weight [out, in] row-major, then its bias.</summary>
    private static T[] Parameters<T>(SafetensorsFile file, List<LinearLayer> layers)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // Each tensor's bytes are in the file, so the sum stays within its length, except for the zero biases added.
        long count = layers.Sum(l => (l.Weight!.Shape[1] + 1) * l.Weight.Shape[0]);
        if (count > Array.MaxLength)
        {
            throw file.Error($"the layers hold {count} parameters; at most {Array.MaxLength} fit one network");
        }

        var parameters = new T[count];
        int offset = 0;
        foreach (LinearLayer layer in layers)
        {
            offset = Append(file, layer.Weight!, parameters, offset);
            offset = layer.Bias is { } bias ? Append(file, bias, parameters, offset) : offset + (int)layer.Weight!.Shape[0];
        }

        return parameters;
    }

    private static int Append<T>(SafetensorsFile file, TensorEntry tensor, T[] parameters, int offset)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] values = file.Values<T>(tensor.Begin, tensor.End);
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                throw file.Error($"tensor {tensor.Name}: element {i.ToString(CultureInfo.InvariantCulture)} is {values[i]}; expected finite values");
            }
        }

        values.CopyTo(parameters, offset);
        return offset + values.Length;
    }

    private sealed class LinearLayer(string prefix)
    {
        public string Prefix { get; } = prefix;

        public TensorEntry? Weight { get; set; }

        public TensorEntry? Bias { get; set; }
    }
}
