using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using VectorNN.Kernels.Ops;

namespace VectorNN.Kernels.Widths;

/// <summary>Rows of up to eight doubles in one 512-bit register (AVX-512).</summary>
internal readonly unsafe struct DoubleRows : IRowRegister<double, Vector512<double>>
{
    public static bool IsSupported => Avx512F.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Lanes(int count) =>
        Vector512.LessThan(Vector512.Create(0L, 1, 2, 3, 4, 5, 6, 7), Vector512.Create((long)count)).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(double* source, Vector512<double> mask) => Avx512F.MaskLoad(source, mask, Vector512<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(double* destination, Vector512<double> mask, Vector512<double> value) => Avx512F.MaskStore(destination, mask, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Keep(Vector512<double> value, Vector512<double> mask) => value & mask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllZero(Vector512<double> value) => Vector512.EqualsAll(value, Vector512<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Broadcast(Vector512<double> value, int lane) => Avx512F.PermuteVar8x64(value, Vector512.Create((long)lane));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> SumRows(
        Vector512<double> p0, Vector512<double> p1, Vector512<double> p2, Vector512<double> p3, Vector512<double> p4, Vector512<double> p5, Vector512<double> p6, Vector512<double> p7)
    {
        // Pairs of lanes, then pairs of pairs, then the halves: the tree of SingleRows' horizontal additions.
        Vector512<double> t = Quads(Pairs(p0, p1), Pairs(p2, p3));
        Vector512<double> u = Quads(Pairs(p4, p5), Pairs(p6, p7));
        return Avx512F.PermuteVar8x64x2(t, Vector512.Create(0L, 1, 2, 3, 8, 9, 10, 11), u)
            + Avx512F.PermuteVar8x64x2(t, Vector512.Create(4L, 5, 6, 7, 12, 13, 14, 15), u);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MaxAcross(Vector512<double> value)
    {
        Vector512<double> m = Avx512F.Max(value, Avx512F.Shuffle4x128(value, value, 0b01_00_11_10));
        m = Avx512F.Max(m, Avx512F.Shuffle4x128(m, m, 0b10_11_00_01));
        return Avx512F.Max(m, Avx512F.Permute2x64(m, 0b01_01_01_01)).ToScalar();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> InDouble<TFunction>(Vector512<double> z, int width, TFunction function)
        where TFunction : struct, IDoubleFunction =>
        function.Invoke<Vector512<double>, Vector512Ops<double>>(z, false);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Difference(Vector512<double> o, Vector512<double> t, int width, double f, double s, bool product) =>
        product ? ((o * Vector512.Create(f)) - t) * Vector512.Create(s) : Vector512.Create(s) * (o - t);

    /// <summary>[a0 + a1, b0 + b1, a2 + a3, b2 + b3, ...].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Pairs(Vector512<double> a, Vector512<double> b) => Avx512F.UnpackLow(a, b) + Avx512F.UnpackHigh(a, b);

    /// <summary>From two results of <see cref="Pairs"/>: rows a, b, c, d's sums over lanes 0-3, then over lanes 4-7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Quads(Vector512<double> ab, Vector512<double> cd) =>
        Avx512F.PermuteVar8x64x2(ab, Vector512.Create(0L, 1, 8, 9, 4, 5, 12, 13), cd)
        + Avx512F.PermuteVar8x64x2(ab, Vector512.Create(2L, 3, 10, 11, 6, 7, 14, 15), cd);
}
