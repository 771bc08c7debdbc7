namespace VectorNN.Quantization;

/// <summary>
/// Per-thread buffers for <see cref="QuantizedNetwork.Predict(ReadOnlySpan{float}, int, Span{float})"/>, grown to the
/// largest request a thread has made, so concurrent predictions share nothing and later calls allocate nothing.
/// </summary>
internal sealed class QuantizedScratch
{
    [ThreadStatic]
    private static QuantizedScratch? current;

    private QuantizedScratch(int batch, int stride, int width)
    {
        Bytes = new byte[batch * stride];
        Sums = new int[batch * width];
        Floats = new float[2 * batch * width];
        Scales = new float[batch];
        ZeroPoints = new int[batch];
    }

    /// <summary>Quantized activations [batch x stride].</summary>
    public byte[] Bytes { get; }

    /// <summary>Integer products [batch x width].</summary>
    public int[] Sums { get; }

    /// <summary>Two float activation buffers [batch x width] used in turn.</summary>
    public float[] Floats { get; }

    /// <summary>Each sample's activation scale.</summary>
    public float[] Scales { get; }

    /// <summary>Each sample's activation zero point.</summary>
    public int[] ZeroPoints { get; }

    /// <summary>This thread's buffers, large enough for <paramref name="batch"/> samples of the given widths.</summary>
    public static QuantizedScratch Rent(int batch, int stride, int width)
    {
        QuantizedScratch? s = current;
        if (s is null || s.Scales.Length < batch || s.Bytes.Length < batch * stride || s.Sums.Length < batch * width)
        {
            int b = Math.Max(batch, s?.Scales.Length ?? 0);
            s = new QuantizedScratch(b, Math.Max(stride, s is null ? 0 : s.Bytes.Length / s.Scales.Length), Math.Max(width, s is null ? 0 : s.Sums.Length / s.Scales.Length));
            current = s;
        }

        return s;
    }
}
