using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels;

/// <summary>
/// Unsigned bytes (image pixels) to floating-point values, one vectorized pass: each byte is widened exactly to
/// <c>T</c> and divided by a constant, so every value is the correctly rounded quotient <c>T(b) / divisor</c> that a
/// scalar division gives, bit for bit.
/// </summary>
internal static class ByteConversion
{
    /// <summary>destination[i] = T(source[i]) / divisor, for every i of <paramref name="source"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="source"/>.</exception>
    public static void Divide<T>(ReadOnlySpan<byte> source, T divisor, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.HasLength<T>(destination, source.Length, nameof(destination));

        if (source.IsEmpty)
        {
            return;
        }

        var kernel = new Kernel<T>(ref MemoryMarshal.GetReference(source), divisor, ref MemoryMarshal.GetReference(destination), (nuint)source.Length);
        Simd.Run<T, Kernel<T>>(source.Length, ref kernel);
    }

    /// <summary>Requires n &gt;= TOps.Count. The remainder is the last full vector, which overlaps converted elements with the same values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Divide<T, TVec, TOps>(ref byte source, T divisor, ref T destination, nuint n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<T, TVec>
    {
        nuint c = (nuint)TOps.Count;
        TVec d = TOps.Broadcast(divisor);
        nuint last = n - c;
        for (nuint i = 0; i < last; i += c)
        {
            TOps.Store(TOps.Divide(TOps.LoadConverted(ref source, i), d), ref destination, i);
        }

        TOps.Store(TOps.Divide(TOps.LoadConverted(ref source, last), d), ref destination, last);
    }

    private readonly ref struct Kernel<T> : IWidthKernel<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly ref byte source;
        private readonly T divisor;
        private readonly ref T destination;
        private readonly nuint n;

        public Kernel(ref byte source, T divisor, ref T destination, nuint n)
        {
            this.source = ref source;
            this.divisor = divisor;
            this.destination = ref destination;
            this.n = n;
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public void Run<TVec, TOps>()
            where TVec : struct
            where TOps : struct, IVectorOps<T, TVec> =>
            Divide<T, TVec, TOps>(ref source, divisor, ref destination, n);
    }
}
