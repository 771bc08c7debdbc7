using System.Numerics;
using System.Text;
using System.Text.Json;

namespace VectorNN.Data;

/// <summary>
/// Per-feature rescaling x' = (x - offset) / scale, with statistics taken from the training set only and stored in
/// the model, so that evaluation and prediction rescale new data exactly as training did.
/// </summary>
/// <remarks>A feature that is constant in the training set gets scale 1, so it becomes 0 rather than NaN.</remarks>
public sealed class Normalization
{
    private readonly double[] offsets;
    private readonly double[] scales;

    /// <summary>Creates a normalization from explicit statistics.</summary>
    /// <param name="method">The method the statistics belong to.</param>
    /// <param name="offsets">Subtracted from each feature; finite.</param>
    /// <param name="scales">Each feature is divided by this after the offset; finite and non-zero.</param>
    /// <exception cref="ArgumentException">Lengths differ, or a statistic is not finite or a scale is 0.</exception>
    public Normalization(NormalizationMethod method, IReadOnlyList<double> offsets, IReadOnlyList<double> scales)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(scales);
        if (!Enum.IsDefined(method))
        {
            throw new ArgumentOutOfRangeException(nameof(method), method, "Expected a defined NormalizationMethod.");
        }

        if (offsets.Count != scales.Count)
        {
            throw new ArgumentException($"Expected {offsets.Count} scales (one per offset), got {scales.Count}.", nameof(scales));
        }

        for (int i = 0; i < offsets.Count; i++)
        {
            if (!double.IsFinite(offsets[i]))
            {
                throw new ArgumentException($"Feature {i}: expected a finite offset, got {offsets[i]}.", nameof(offsets));
            }

            if (!double.IsFinite(scales[i]) || scales[i] == 0)
            {
                throw new ArgumentException($"Feature {i}: expected a finite, non-zero scale, got {scales[i]}.", nameof(scales));
            }
        }

        Method = method;
        this.offsets = [.. offsets];
        this.scales = [.. scales];
    }

    /// <summary>The method.</summary>
    public NormalizationMethod Method { get; }

    /// <summary>Number of features.</summary>
    public int FeatureCount => offsets.Length;

    /// <summary>What is subtracted from each feature.</summary>
    public IReadOnlyList<double> Offsets => offsets;

    /// <summary>What each feature is divided by after the offset.</summary>
    public IReadOnlyList<double> Scales => scales;

    /// <summary>The identity for <paramref name="features"/> features (<see cref="NormalizationMethod.None"/>).</summary>
    public static Normalization Identity(int features) =>
        new(NormalizationMethod.None, new double[features], Enumerable.Repeat(1.0, features).ToArray());

    /// <summary>Takes the statistics of <paramref name="method"/> from row-major <paramref name="inputs"/> [count x width].</summary>
    /// <exception cref="ArgumentException">No rows, or a length that is not whole rows.</exception>
    public static Normalization Fit<T>(NormalizationMethod method, ReadOnlySpan<T> inputs, int width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (width < 1 || inputs.IsEmpty || inputs.Length % width != 0)
        {
            throw new ArgumentException($"Expected whole rows of {width} values, at least one, got {inputs.Length} values.", nameof(inputs));
        }

        int count = inputs.Length / width;
        var offsets = new double[width];
        var scales = new double[width];
        for (int j = 0; j < width; j++)
        {
            double a = 0, b = 0;
            switch (method)
            {
                case NormalizationMethod.None:
                    b = 1;
                    break;
                case NormalizationMethod.ZScore:
                    // Two passes: the mean, then the squared deviations from it (no cancellation).
                    for (int i = 0; i < count; i++)
                    {
                        a += double.CreateTruncating(inputs[(i * width) + j]);
                    }

                    a /= count;
                    for (int i = 0; i < count; i++)
                    {
                        double d = double.CreateTruncating(inputs[(i * width) + j]) - a;
                        b += d * d;
                    }

                    b = Math.Sqrt(b / count);
                    break;
                case NormalizationMethod.MinMax:
                    double min = double.PositiveInfinity, max = double.NegativeInfinity;
                    for (int i = 0; i < count; i++)
                    {
                        double v = double.CreateTruncating(inputs[(i * width) + j]);
                        min = Math.Min(min, v);
                        max = Math.Max(max, v);
                    }

                    a = min;
                    b = max - min;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(method), method, "Expected a defined NormalizationMethod.");
            }

            offsets[j] = a;
            scales[j] = b > 0 && double.IsFinite(b) ? b : 1;
        }

        return new Normalization(method, offsets, scales);
    }

    /// <summary>Rescales row-major <paramref name="inputs"/> [count x <see cref="FeatureCount"/>] in place.</summary>
    /// <exception cref="ArgumentException">The length is not whole rows of <see cref="FeatureCount"/> values.</exception>
    public void Apply<T>(Span<T> inputs)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (inputs.Length % FeatureCount != 0)
        {
            throw new ArgumentException($"Expected whole rows of {FeatureCount} values, got {inputs.Length} values.", nameof(inputs));
        }

        if (Method == NormalizationMethod.None)
        {
            return;
        }

        for (int i = 0; i < inputs.Length; i++)
        {
            int j = i % FeatureCount;
            inputs[i] = T.CreateTruncating((double.CreateTruncating(inputs[i]) - offsets[j]) / scales[j]);
        }
    }

    /// <summary>
    /// Undoes <see cref="Apply{T}(Span{T})"/> in place, x = x' scale + offset: how a network trained on standardized
    /// targets gives its predictions back in the targets' own units.
    /// </summary>
    /// <exception cref="ArgumentException">The length is not whole rows of <see cref="FeatureCount"/> values.</exception>
    public void Invert<T>(Span<T> values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (values.Length % FeatureCount != 0)
        {
            throw new ArgumentException($"Expected whole rows of {FeatureCount} values, got {values.Length} values.", nameof(values));
        }

        if (Method == NormalizationMethod.None)
        {
            return;
        }

        for (int i = 0; i < values.Length; i++)
        {
            int j = i % FeatureCount;
            values[i] = T.CreateTruncating((double.CreateTruncating(values[i]) * scales[j]) + offsets[j]);
        }
    }

    /// <summary>
    /// The JSON form stored in model files: <c>{"method":"zscore","offsets":[...],"scales":[...]}</c>, numbers in
    /// round-trip form.
    /// </summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("method", MethodName(Method));
            WriteArray(writer, "offsets", offsets);
            WriteArray(writer, "scales", scales);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads the form <see cref="ToJson"/> writes.</summary>
    /// <exception cref="FormatException">The text is not that form; the message says what is wrong.</exception>
    public static Normalization FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            string? name = root.GetProperty("method").GetString();
            if (!TryParseMethod(name, out NormalizationMethod method))
            {
                throw new FormatException($"Expected normalization method zscore, minmax or none, got '{name}'.");
            }

            double[] offsets = [.. root.GetProperty("offsets").EnumerateArray().Select(e => e.GetDouble())];
            double[] scales = [.. root.GetProperty("scales").EnumerateArray().Select(e => e.GetDouble())];
            return new Normalization(method, offsets, scales);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"Expected a normalization object {{\"method\", \"offsets\", \"scales\"}}: {e.Message}", e);
        }
    }

    /// <summary>The command-line and model-file name: <c>none</c>, <c>zscore</c> or <c>minmax</c>.</summary>
    public static string MethodName(NormalizationMethod method) => method switch
    {
        NormalizationMethod.None => "none",
        NormalizationMethod.ZScore => "zscore",
        NormalizationMethod.MinMax => "minmax",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Expected a defined NormalizationMethod."),
    };

    /// <summary>The method named <paramref name="name"/> (<c>none</c>, <c>zscore</c>, <c>minmax</c>); false if there is none.</summary>
    public static bool TryParseMethod(string? name, out NormalizationMethod method)
    {
        foreach (NormalizationMethod m in Enum.GetValues<NormalizationMethod>())
        {
            if (MethodName(m) == name)
            {
                method = m;
                return true;
            }
        }

        method = default;
        return false;
    }

    private static void WriteArray(Utf8JsonWriter writer, string name, double[] values)
    {
        writer.WriteStartArray(name);
        foreach (double v in values)
        {
            writer.WriteNumberValue(v);
        }

        writer.WriteEndArray();
    }
}
