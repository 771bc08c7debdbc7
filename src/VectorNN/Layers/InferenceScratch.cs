using System.Numerics;
using VectorNN.Memory;

namespace VectorNN.Layers;

/// <summary>
/// Per-thread scratch for inference: each thread that calls <see cref="Network{T}.Predict(ReadOnlySpan{T}, Span{T})"/>
/// gets its own buffer, grown to the largest request it has made, so concurrent predictions share nothing and a
/// thread's later calls allocate nothing.
/// </summary>
/// <remarks>The buffer starts on a cache line (<see cref="AlignedArray{T}"/>), as the weights do, so the next layer's vector loads split no line.</remarks>
internal static class InferenceScratch<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [ThreadStatic]
    private static AlignedArray<T> buffer;

    public static Span<T> Rent(int length)
    {
        if (buffer.Length < length)
        {
            buffer = new AlignedArray<T>(Math.Max(length, buffer.Length * 2));
        }

        return buffer.Span[..length];
    }
}
