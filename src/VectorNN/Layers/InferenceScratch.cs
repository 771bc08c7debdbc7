using System.Numerics;

namespace VectorNN.Layers;

/// <summary>
/// Per-thread scratch for inference: each thread that calls <see cref="Network{T}.Predict(ReadOnlySpan{T}, Span{T})"/>
/// gets its own buffer, grown to the largest request it has made, so concurrent predictions share nothing and a
/// thread's later calls allocate nothing.
/// </summary>
internal static class InferenceScratch<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [ThreadStatic]
    private static T[]? buffer;

    public static Span<T> Rent(int length)
    {
        T[]? b = buffer;
        if (b is null || b.Length < length)
        {
            b = new T[Math.Max(length, (b?.Length ?? 0) * 2)];
            buffer = b;
        }

        return b.AsSpan(0, length);
    }
}
