using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    /// <returns>The scale, 0 when every value is 0, NaN when a value is NaN or infinite (q is then all zero).</returns>
    public static float Quantize(ReadOnlySpan<float> x, Span<byte> q, out int zeroPoint)
    {
        (float low, float high, bool finite) = Range(x);
        zeroPoint = 0;
        if (!finite)
        {
            q[..x.Length].Clear();
            return float.NaN;
        }

        if (high == low)
        {
            // Both are 0: every value is 0, which zero point 0 represents exactly with any scale.
            q[..x.Length].Clear();
            return 0;
        }

        float scale = (high - low) / 255f;
        float inverse = 255f / (high - low);
        float zero = Math.Clamp(MathF.Round(-low * inverse), 0, 255);
        zeroPoint = (int)zero;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref byte qr = ref MemoryMarshal.GetReference(q);
        int k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; k + Vector256<float>.Count <= x.Length; k += Vector256<float>.Count)
            {
                Vector256<float> t = Vector256.Round((Vector256.LoadUnsafe(ref xr, (nuint)k) * inverse) + Vector256.Create(zero));
                Vector256<int> i = Vector256.ConvertToInt32(Vector256.Min(Vector256.Max(t, Vector256<float>.Zero), Vector256.Create(255f)));
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
                Vector128<int> i = Vector128.ConvertToInt32(Vector128.Min(Vector128.Max(t, Vector128<float>.Zero), Vector128.Create(255f)));
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

    /// <summary>min(0, min x), max(0, max x), and whether every value is finite.</summary>
    private static (float Low, float High, bool Finite) Range(ReadOnlySpan<float> x)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        float low = 0, high = 0, check = 0;
        int k = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= Vector256<float>.Count)
        {
            Vector256<float> lo = Vector256<float>.Zero, hi = Vector256<float>.Zero, nonFinite = Vector256<float>.Zero;
            for (; k + Vector256<float>.Count <= x.Length; k += Vector256<float>.Count)
            {
                Vector256<float> v = Vector256.LoadUnsafe(ref xr, (nuint)k);
                lo = Vector256.Min(lo, v);
                hi = Vector256.Max(hi, v);
                nonFinite += v - v; // 0 for a finite value, NaN for NaN or an infinity
            }

            for (int i = 0; i < Vector256<float>.Count; i++)
            {
                low = MathF.Min(low, lo[i]);
                high = MathF.Max(high, hi[i]);
            }

            check = Vector256.Sum(nonFinite);
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
