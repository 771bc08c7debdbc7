using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using VectorNN.Kernels.Ops;

namespace VectorNN.Kernels.Widths;

/// <summary>Rows of up to eight floats in one 256-bit register (AVX2 and FMA).</summary>
internal readonly unsafe struct SingleRows : IRowRegister<float, Vector256<float>>
{
    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Lanes(int count) =>
        Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(count)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(float* source, Vector256<float> mask) => Avx.MaskLoad(source, mask);

    /// <remarks>AVX-512's masked store where there is one: AVX's is microcoded on AMD processors.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* destination, Vector256<float> mask, Vector256<float> value)
    {
        if (Avx512F.VL.IsSupported)
        {
            Avx512F.VL.MaskStore(destination, mask, value);
        }
        else
        {
            Avx.MaskStore(destination, mask, value);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Keep(Vector256<float> value, Vector256<float> mask) => value & mask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllZero(Vector256<float> value) => Vector256.EqualsAll(value, Vector256<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(Vector256<float> value, int lane) => Avx2.PermuteVar8x32(value, Vector256.Create(lane));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SumRows(
        Vector256<float> p0, Vector256<float> p1, Vector256<float> p2, Vector256<float> p3, Vector256<float> p4, Vector256<float> p5, Vector256<float> p6, Vector256<float> p7)
    {
        // Lanes of b0: rows 0-3's sums over lanes 0-3, then over lanes 4-7; b1 the same for rows 4-7.
        Vector256<float> b0 = Avx.HorizontalAdd(Avx.HorizontalAdd(p0, p1), Avx.HorizontalAdd(p2, p3));
        Vector256<float> b1 = Avx.HorizontalAdd(Avx.HorizontalAdd(p4, p5), Avx.HorizontalAdd(p6, p7));
        return Avx.Permute2x128(b0, b1, 0x20) + Avx.Permute2x128(b0, b1, 0x31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MaxAcross(Vector256<float> value)
    {
        Vector256<float> m = Avx.Max(value, Avx.Permute2x128(value, value, 0x01));
        m = Avx.Max(m, Avx.Shuffle(m, m, 0b01_00_11_10));
        return Avx.Max(m, Avx.Shuffle(m, m, 0b10_11_00_01)).ToScalar();
    }

    /// <remarks>
    /// One 256-bit vector of doubles up to four lanes, one 512-bit vector up to eight where there is AVX-512, else two
    /// 256-bit ones: the functions give the same bits at every width.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> InDouble<TFunction>(Vector256<float> z, int width, TFunction function)
        where TFunction : struct, IDoubleFunction
    {
        if (width <= Vector256<double>.Count)
        {
            Vector256<double> low = function.Invoke<Vector256<double>, Vector256Ops<double>>(Avx.ConvertToVector256Double(z.GetLower()), true);
            return Avx.ConvertToVector128Single(low).ToVector256();
        }

        if (Avx512F.IsSupported)
        {
            return Avx512F.ConvertToVector256Single(function.Invoke<Vector512<double>, Vector512Ops<double>>(Avx512F.ConvertToVector512Double(z), true));
        }

        Vector256<double> lower = function.Invoke<Vector256<double>, Vector256Ops<double>>(Avx.ConvertToVector256Double(z.GetLower()), true);
        Vector256<double> upper = function.Invoke<Vector256<double>, Vector256Ops<double>>(Avx.ConvertToVector256Double(z.GetUpper()), true);
        return Vector256.Create(Avx.ConvertToVector128Single(lower), Avx.ConvertToVector128Single(upper));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Difference(Vector256<float> o, Vector256<float> t, int width, double f, double s, bool product)
    {
        Vector128<float> low = Avx.ConvertToVector128Single(Difference(o.GetLower(), t.GetLower(), f, s, product));
        return width <= Vector256<double>.Count
            ? low.ToVector256()
            : Vector256.Create(low, Avx.ConvertToVector128Single(Difference(o.GetUpper(), t.GetUpper(), f, s, product)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Difference(Vector128<float> o, Vector128<float> t, double f, double s, bool product)
    {
        Vector256<double> od = Avx.ConvertToVector256Double(o);
        Vector256<double> td = Avx.ConvertToVector256Double(t);
        return product ? ((od * Vector256.Create(f)) - td) * Vector256.Create(s) : Vector256.Create(s) * (od - td);
    }
}
