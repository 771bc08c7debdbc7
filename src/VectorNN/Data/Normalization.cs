using System.Numerics;
using System.Text;
using System.Text.Json;
using VectorNN.Kernels;

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
        : this(method, Copy(offsets, nameof(offsets)), Copy(scales, nameof(scales)))
    {
    }

    // Checks and keeps the arrays themselves: the public constructor's copies, or statistics made here.
    private Normalization(NormalizationMethod method, double[] offsets, double[] scales)
    {
        if (!Enum.IsDefined(method))
        {
            throw new ArgumentOutOfRangeException(nameof(method), method, "Expected a defined NormalizationMethod.");
        }

        if (offsets.Length != scales.Length)
        {
            throw new ArgumentException(ScaleCountDiffers(offsets.Length, scales.Length), nameof(scales));
        }

        for (int i = 0; i < offsets.Length; i++)
        {
            if (!double.IsFinite(offsets[i]))
            {
                throw new ArgumentException(NotFiniteOffset(i, offsets[i]), nameof(offsets));
            }

            if (!double.IsFinite(scales[i]) || scales[i] == 0)
            {
                throw new ArgumentException(BadScale(i, scales[i]), nameof(scales));
            }
        }

        Method = method;
        this.offsets = offsets;
        this.scales = scales;
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
    /// <remarks>
    /// Z-score takes two passes in double: the mean, then the sum of squared deviations from it, which cannot cancel as a
    /// one-pass sum of squares minus the squared sum can (for pixels near a mean of 0.5 that loses about half the
    /// digits). Each pass is one vectorized sweep over the rows in memory order; every column still adds its rows in
    /// order, so the results are those of the textbook loop per column, bit for bit.
    /// </remarks>
    /// <exception cref="ArgumentException">No rows, or a length that is not whole rows.</exception>
    public static Normalization Fit<T>(NormalizationMethod method, ReadOnlySpan<T> inputs, int width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (width < 1 || inputs.IsEmpty || inputs.Length % width != 0)
        {
            throw new ArgumentException(NoWholeRows(width, inputs.Length), nameof(inputs));
        }

        int count = inputs.Length / width;
        var offsets = new double[width];
        var scales = new double[width];
        switch (method)
        {
            case NormalizationMethod.None:
                break;
            case NormalizationMethod.ZScore:
                Columns.Sum(inputs, width, offsets);
                for (int j = 0; j < width; j++)
                {
                    offsets[j] /= count;
                }

                Columns.SumSquaredDeviations(inputs, width, offsets, scales);
                for (int j = 0; j < width; j++)
                {
                    scales[j] = Math.Sqrt(scales[j] / count);
                }

                break;
            case NormalizationMethod.MinMax:
                var max = new double[width];
                offsets.AsSpan().Fill(double.PositiveInfinity);
                max.AsSpan().Fill(double.NegativeInfinity);
                Columns.MinMax(inputs, width, offsets, max);
                for (int j = 0; j < width; j++)
                {
                    scales[j] = max[j] - offsets[j];
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, "Expected a defined NormalizationMethod.");
        }

        for (int j = 0; j < width; j++)
        {
            scales[j] = scales[j] > 0 && double.IsFinite(scales[j]) ? scales[j] : 1;
        }

        return new Normalization(method, offsets, scales);
    }

    /// <summary>Rescales row-major <paramref name="inputs"/> [count x <see cref="FeatureCount"/>] in place.</summary>
    /// <remarks>Each value is computed in double and rounded once to <typeparamref name="T"/>: T((x - offset) / scale).</remarks>
    /// <exception cref="ArgumentException">The length is not whole rows of <see cref="FeatureCount"/> values.</exception>
    public void Apply<T>(Span<T> inputs)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (inputs.Length % FeatureCount != 0)
        {
            throw new ArgumentException($"Expected whole rows of {FeatureCount} values, got {inputs.Length} values.", nameof(inputs));
        }

        if (Method != NormalizationMethod.None)
        {
            Columns.Rescale(inputs, FeatureCount, offsets, scales);
        }
    }

    /// <summary>
    /// Rescales the inputs of <paramref name="data"/> in place, as <see cref="Apply{T}(Span{T})"/> does: for a set just
    /// loaded, without a copy of its inputs. Everything that holds the set (or the input array it was created from)
    /// sees the rescaled values.
    /// </summary>
    /// <remarks>
    /// The set's values stay finite: the rescaled extremes of every column are checked first (rescaling is monotonic, so
    /// they bound every rescaled value), and a set whose values would overflow is refused unchanged.
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// The set's input width is not <see cref="FeatureCount"/>, or a rescaled value would not be finite in
    /// <typeparamref name="T"/> (named by column); the set is then unchanged.
    /// </exception>
    public void Apply<T>(Dataset<T> data)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.InputWidth != FeatureCount)
        {
            throw new ArgumentException(FeatureCountDiffers(data.InputWidth), nameof(data));
        }

        if (Method == NormalizationMethod.None)
        {
            return;
        }

        var min = new double[FeatureCount];
        var max = new double[FeatureCount];
        min.AsSpan().Fill(double.PositiveInfinity);
        max.AsSpan().Fill(double.NegativeInfinity);
        Columns.MinMax(data.Inputs, FeatureCount, min, max);
        for (int j = 0; j < FeatureCount; j++)
        {
            foreach (double extreme in (ReadOnlySpan<double>)[min[j], max[j]])
            {
                T rescaled = T.CreateTruncating((extreme - offsets[j]) / scales[j]);
                if (!T.IsFinite(rescaled))
                {
                    throw new ArgumentException(NotFiniteRescaled(j, rescaled, extreme), nameof(data));
                }
            }
        }

        Columns.Rescale(data.WritableInputs, FeatureCount, offsets, scales);
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

    // The messages are built apart from the checks: a valid call compiles none of them (the generic methods are
    // compiled anew for each element type, in a program's first load).
    private static string ScaleCountDiffers(int offsets, int scales) => $"Expected {offsets} scales (one per offset), got {scales}.";

    private static string NotFiniteOffset(int feature, double offset) => $"Feature {feature}: expected a finite offset, got {offset}.";

    private static string BadScale(int feature, double scale) => $"Feature {feature}: expected a finite, non-zero scale, got {scale}.";

    private static string NoWholeRows(int width, int length) => $"Expected whole rows of {width} values, at least one, got {length} values.";

    private string FeatureCountDiffers(int width) => $"Expected a data set with {FeatureCount} features, got {width}.";

    private string NotFiniteRescaled<T>(int column, T rescaled, double extreme) =>
        $"Column {column}: expected rescaled values finite in {typeof(T).Name}, got {rescaled} for the value {extreme} ((x - {offsets[column]}) / {scales[column]}).";

    private static double[] Copy(IReadOnlyList<double> values, string paramName)
    {
        ArgumentNullException.ThrowIfNull(values, paramName);
        var copy = new double[values.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = values[i];
        }

        return copy;
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
