namespace VectorNN.Quantization;

/// <summary>
/// Per-thread buffers for <see cref="QuantizedNetwork.Predict(ReadOnlySpan{float}, int, Span{float})"/>, grown to the
/// largest request a thread has made, so concurrent predictions share nothing and later calls allocate nothing.
/// </summary>
internal sealed class QuantizedScratch
{
    [ThreadStatic]
    private static QuantizedScratch? current;

    private readonly int batch;
    private readonly int stride;
    private readonly int width;

    private QuantizedScratch(int batch, int stride, int width)
    {
        this.batch = batch;
        this.stride = stride;
        this.width = width;
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

    /// <summary>This thread's buffers, large enough for <paramref name="batch"/> samples of rows up to <paramref name="stride"/> bytes and layers up to <paramref name="width"/> outputs.</summary>
    public static QuantizedScratch Rent(int batch, int stride, int width)
    {
        QuantizedScratch? s = current;
        if (s is null || s.batch < batch || s.stride < stride || s.width < width)
        {
            s = new QuantizedScratch(Math.Max(batch, s?.batch ?? 0), Math.Max(stride, s?.stride ?? 0), Math.Max(width, s?.width ?? 0));
            current = s;
        }

        return s;
    }
}
