using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VectorNN.Kernels.Int8;

/// <summary>
/// Dynamic quantization of one sample's activations to unsigned 8 bits with a zero point, as ONNX Runtime's
/// <c>DynamicQuantizeLinear</c> does: the range [min(0, min x), max(0, max x)] maps onto 0..255, so 0 is exact (the
/// value of every ReLU zero) and x is read back as (q - zeroPoint) * scale, within scale / 2 of x.
/// </summary>
/// <remarks>
/// The unsigned form uses all 8 bits for activations that are never negative (after ReLU or logistic), where a
/// symmetric signed form would waste the negative half; the zero point costs one multiply-add per output
/// (zeroPoint x the weight row's sum), folded into the float epilogue. Every width computes the same bytes: each step
/// (multiply, add, round half to even, clamp) is one correctly rounded IEEE operation in the same order.
/// </remarks>
internal static class ActivationQuantizer
{
    /// <summary>Writes q[k] = clamp(round(x[k] / scale + zeroPoint), 0, 255) and returns the scale.</summary>
    /// <param name="x">The activations.</param>
    /// <param name="q">Receives <paramref name="x"/>.Length bytes.</param>
    /// <param name="zeroPoint">The byte that stands for 0.</param>
    /// <returns>
    /// The scale; 0 when every value is 0 or the range is narrower than about 7.5e-37 (q is then all zero and reads
    /// back as 0); NaN when a value is NaN or infinite (q is then all zero).
    /// </returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Quantize(ReadOnlySpan<float> x, Span<byte> q, out int zeroPoint)
    {
        (float low, float high, bool finite) = Range(x);
        zeroPoint = 0;
        if (!finite)
        {
            q[..x.Length].Clear();
            return float.NaN;
        }

        float scale = (high - low) / 255f;
        float inverse = 255f / (high - low);
        if (!float.IsFinite(inverse))
        {
            // Every value is 0, or the range is below 255 / float.MaxValue (about 7.5e-37), where the inverse
            // overflows: zero point 0 with scale 0 reads every value back as 0, within that range of it.
            q[..x.Length].Clear();
            return 0;
        }

        float zero = Math.Clamp(MathF.Round(-low * inverse), 0, 255);
        zeroPoint = (int)zero;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref byte qr = ref MemoryMarshal.GetReference(q);
        int k = 0;
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
        {
            // VCVTPS2DQ rounds half to even (the default rounding mode) as it converts, the lower clamp is one integer
            // maximum, and the unsigned saturating narrowing (VPMOVUSDB) is the upper clamp: the same bytes as
            // round, clamp and convert, in three instructions instead of five. The 256-bit loop below then takes
            // what is left.
            Vector512<float> z = Vector512.Create(zero);
            for (; k + Vector512<float>.Count <= x.Length; k += Vector512<float>.Count)
            {
                Vector512<int> i = Avx512F.ConvertToVector512Int32((Vector512.LoadUnsafe(ref xr, (nuint)k) * inverse) + z);
                Avx512F.ConvertToVector128ByteWithSaturation(Vector512.Max(i, Vector512<int>.Zero).AsUInt32()).StoreUnsafe(ref qr, (nuint)k);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            // Four vectors at a time share two narrowing steps (int -> short -> byte) and one 32-byte store.
            Vector256<float> z = Vector256.Create(zero);
            for (; k + (4 * Vector256<float>.Count) <= x.Length; k += 4 * Vector256<float>.Count)
            {
                Vector256<short> s01 = Vector256.Narrow(ToByteRange(ref xr, k, inverse, z), ToByteRange(ref xr, k + 8, inverse, z));
                Vector256<short> s23 = Vector256.Narrow(ToByteRange(ref xr, k + 16, inverse, z), ToByteRange(ref xr, k + 24, inverse, z));
                Vector256.Narrow(s01.AsUInt16(), s23.AsUInt16()).StoreUnsafe(ref qr, (nuint)k);
            }

            for (; k + Vector256<float>.Count <= x.Length; k += Vector256<float>.Count)
            {
                Vector256<int> i = ToByteRange(ref xr, k, inverse, z);
                Vector256<short> s = Vector256.Narrow(i, i);
                Vector256<byte> b = Vector256.Narrow(s.AsUInt16(), s.AsUInt16());
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref qr, k), b.AsUInt64().ToScalar());
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; k + Vector128<float>.Count <= x.Length; k += Vector128<float>.Count)
            {
                Vector128<float> t = Vector128.Round((Vector128.LoadUnsafe(ref xr, (nuint)k) * inverse) + Vector128.Create(zero));
                Vector128<int> i = Vector128.ConvertToInt32Native(Vector128.MinNative(Vector128.MaxNative(t, Vector128<float>.Zero), Vector128.Create(255f)));
                Vector128<short> s = Vector128.Narrow(i, i);
                Vector128<byte> b = Vector128.Narrow(s.AsUInt16(), s.AsUInt16());
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref qr, k), b.AsUInt32().ToScalar());
            }
        }

        for (; k < x.Length; k++)
        {
            float t = MathF.Round((Unsafe.Add(ref xr, k) * inverse) + zero);
            Unsafe.Add(ref qr, k) = (byte)Math.Clamp(t, 0, 255);
        }

        return scale;
    }

    /// <summary>clamp(round(x[k..k+7] x inverse + zero), 0, 255) as 32-bit lanes.</summary>
    /// <remarks>
    /// The values are finite (checked before), so the native minimum, maximum and conversion give the same lanes as
    /// the IEEE forms without their NaN and overflow fix-ups; a -0 that may survive the clamp converts to 0.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> ToByteRange(ref float x, int k, float inverse, Vector256<float> zero) =>
        Vector256.ConvertToInt32Native(Vector256.MinNative(Vector256.MaxNative(Vector256.Round((Vector256.LoadUnsafe(ref x, (nuint)k) * inverse) + zero), Vector256<float>.Zero), Vector256.Create(255f)));

    /// <summary>min(0, min x), max(0, max x), and whether every value is finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (float Low, float High, bool Finite) Range(ReadOnlySpan<float> x)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        float low = 0, high = 0, check = 0;
        int k = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= Vector256<float>.Count)
        {
            Vector256<float> lo = Vector256<float>.Zero, hi = Vector256<float>.Zero, nonFinite = Vector256<float>.Zero;

            // A second set of accumulators halves the chains of dependent min, max and add (min and max are exact in
            // any order; the finiteness sum is NaN if any term is, so the native min and max, whose NaN results
            // differ from the IEEE forms, only ever see ranges that are then used).
            Vector256<float> lo2 = lo, hi2 = hi, nonFinite2 = nonFinite;
            if (Vector512.IsHardwareAccelerated && x.Length >= 2 * Vector512<float>.Count)
            {
                // Half the instructions per value on 512 bits; the halves of each accumulator then continue as the
                // two 256-bit sets below.
                Vector512<float> wideLo = Vector512<float>.Zero, wideHi = Vector512<float>.Zero, wideNonFinite = Vector512<float>.Zero;
                Vector512<float> wideLo2 = wideLo, wideHi2 = wideHi, wideNonFinite2 = wideNonFinite;
                for (; k + (2 * Vector512<float>.Count) <= x.Length; k += 2 * Vector512<float>.Count)
                {
                    Vector512<float> v = Vector512.LoadUnsafe(ref xr, (nuint)k);
                    Vector512<float> w = Vector512.LoadUnsafe(ref xr, (nuint)(k + Vector512<float>.Count));
                    wideLo = Vector512.MinNative(wideLo, v);
                    wideHi = Vector512.MaxNative(wideHi, v);
                    wideNonFinite += v - v;
                    wideLo2 = Vector512.MinNative(wideLo2, w);
                    wideHi2 = Vector512.MaxNative(wideHi2, w);
                    wideNonFinite2 += w - w;
                }

                wideLo = Vector512.MinNative(wideLo, wideLo2);
                wideHi = Vector512.MaxNative(wideHi, wideHi2);
                wideNonFinite += wideNonFinite2;
                (lo, lo2) = (wideLo.GetLower(), wideLo.GetUpper());
                (hi, hi2) = (wideHi.GetLower(), wideHi.GetUpper());
                (nonFinite, nonFinite2) = (wideNonFinite.GetLower(), wideNonFinite.GetUpper());
            }

            for (; k + (2 * Vector256<float>.Count) <= x.Length; k += 2 * Vector256<float>.Count)
            {
                Vector256<float> v = Vector256.LoadUnsafe(ref xr, (nuint)k);
                Vector256<float> w = Vector256.LoadUnsafe(ref xr, (nuint)(k + Vector256<float>.Count));
                lo = Vector256.MinNative(lo, v);
                hi = Vector256.MaxNative(hi, v);
                nonFinite += v - v; // 0 for a finite value, NaN for NaN or an infinity
                lo2 = Vector256.MinNative(lo2, w);
                hi2 = Vector256.MaxNative(hi2, w);
                nonFinite2 += w - w;
            }

            for (; k + Vector256<float>.Count <= x.Length; k += Vector256<float>.Count)
            {
                Vector256<float> v = Vector256.LoadUnsafe(ref xr, (nuint)k);
                lo = Vector256.MinNative(lo, v);
                hi = Vector256.MaxNative(hi, v);
                nonFinite += v - v;
            }

            // Across the lanes in three vector steps rather than eight IEEE scalar steps: a chain of dependent
            // minimum fix-ups that cost more than the loop itself for a few hundred values. The lanes started at 0,
            // so the results include it.
            lo = Vector256.MinNative(lo, lo2);
            hi = Vector256.MaxNative(hi, hi2);
            Vector128<float> lo4 = Vector128.MinNative(lo.GetLower(), lo.GetUpper());
            Vector128<float> hi4 = Vector128.MaxNative(hi.GetLower(), hi.GetUpper());
            lo4 = Vector128.MinNative(lo4, Vector128.Shuffle(lo4, Vector128.Create(2, 3, 0, 1)));
            hi4 = Vector128.MaxNative(hi4, Vector128.Shuffle(hi4, Vector128.Create(2, 3, 0, 1)));
            low = Vector128.MinNative(lo4, Vector128.Shuffle(lo4, Vector128.Create(1, 0, 3, 2))).ToScalar();
            high = Vector128.MaxNative(hi4, Vector128.Shuffle(hi4, Vector128.Create(1, 0, 3, 2))).ToScalar();
            check = Vector256.Sum(nonFinite + nonFinite2);
        }

        for (; k < x.Length; k++)
        {
            float v = Unsafe.Add(ref xr, k);
            low = MathF.Min(low, v);
            high = MathF.Max(high, v);
            check += v - v;
        }

        return (low, high, check == 0);
    }
}
