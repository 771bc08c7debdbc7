using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Cores;

/// <summary>
/// Matrix-vector products over a row-major W [rows x columns], written once for every width. Callers have checked
/// dimensions and aliasing.
/// </summary>
internal static class GemvCore
{
    /// <summary>
    /// Matrices up to this size are read in blocks of rows, larger ones one row at a time: Zen 5's L1 data cache, 48 KiB.
    /// </summary>
    public const int BlockedBytes = 48 * 1024;

    /// <summary>
    /// y[r] = start[r * startStride] + sum_c W[r, c] x[c] for a W of at most <see cref="BlockedBytes"/>, four rows at a
    /// time sharing each load of x. A stride of 0 repeats one start value.
    /// </summary>
    public static void MultiplyInBlocks<T>(ref T w, ref T x, ref T start, nuint startStride, int rows, int columns, ref T y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var kernel = new MultiplyKernel<T>(ref w, ref x, ref start, startStride, rows, columns, ref y, byRows: false);
        Simd.Run<T, MultiplyKernel<T>>(columns, ref kernel);
    }

    /// <summary>
    /// y[r] = start[r * startStride] + sum_c W[r, c] x[c] for a W larger than <see cref="BlockedBytes"/>, one row at a
    /// time: W is read front to back as one stream. x should start on a cache line.
    /// </summary>
    public static void MultiplyByRows<T>(ref T w, ref T x, ref T start, nuint startStride, int rows, int columns, ref T y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var kernel = new MultiplyKernel<T>(ref w, ref x, ref start, startStride, rows, columns, ref y, byRows: true);
        Simd.Run<T, MultiplyKernel<T>>(columns, ref kernel);
    }

    /// <summary>
    /// g[c] = (accumulate ? g[c] : 0) + sum_r d[r * dStride] W[r, c]. A stride of 0 weights every row by d[0].
    /// </summary>
    public static void MultiplyTransposed<T>(ref T w, ref T d, nuint dStride, int rows, int columns, ref T g, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var kernel = new MultiplyTransposedKernel<T>(ref w, ref d, dStride, rows, columns, ref g, accumulate);
        Simd.Run<T, MultiplyTransposedKernel<T>>(columns, ref kernel);
    }

    // Four rows share each load of x, so a W in L1 costs 1.25 loads per FMA rather than 2; two accumulators per row
    // give eight independent FMA chains to cover the FMA latency. Leftover rows are single dot products.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyInBlocks<T, TVec, TOps>(ref T w, ref T x, ref T start, nuint startStride, int rows, int columns, ref T y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : IVectorOps<T, TVec>
    {
        nuint c = (nuint)TOps.Count;
        nuint n = (nuint)columns;
        nuint r = 0;
        for (; r + 4 <= (nuint)rows; r += 4)
        {
            ref T w0 = ref Unsafe.Add(ref w, r * n);
            ref T w1 = ref Unsafe.Add(ref w0, n);
            ref T w2 = ref Unsafe.Add(ref w1, n);
            ref T w3 = ref Unsafe.Add(ref w2, n);
            TVec a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero;
            TVec b0 = TOps.Zero, b1 = TOps.Zero, b2 = TOps.Zero, b3 = TOps.Zero;
            nuint i = 0;
            for (; i + 2 * c <= n; i += 2 * c)
            {
                TVec xa = TOps.Load(ref x, i);
                TVec xb = TOps.Load(ref x, i + c);
                a0 = TOps.MultiplyAdd(TOps.Load(ref w0, i), xa, a0);
                a1 = TOps.MultiplyAdd(TOps.Load(ref w1, i), xa, a1);
                a2 = TOps.MultiplyAdd(TOps.Load(ref w2, i), xa, a2);
                a3 = TOps.MultiplyAdd(TOps.Load(ref w3, i), xa, a3);
                b0 = TOps.MultiplyAdd(TOps.Load(ref w0, i + c), xb, b0);
                b1 = TOps.MultiplyAdd(TOps.Load(ref w1, i + c), xb, b1);
                b2 = TOps.MultiplyAdd(TOps.Load(ref w2, i + c), xb, b2);
                b3 = TOps.MultiplyAdd(TOps.Load(ref w3, i + c), xb, b3);
            }

            if (i + c <= n)
            {
                TVec xa = TOps.Load(ref x, i);
                a0 = TOps.MultiplyAdd(TOps.Load(ref w0, i), xa, a0);
                a1 = TOps.MultiplyAdd(TOps.Load(ref w1, i), xa, a1);
                a2 = TOps.MultiplyAdd(TOps.Load(ref w2, i), xa, a2);
                a3 = TOps.MultiplyAdd(TOps.Load(ref w3, i), xa, a3);
                i += c;
            }

            if (i < n)
            {
                // The last full vector, with the lanes already summed masked out of the products.
                nuint last = n - c;
                int keep = (int)(n - i);
                TVec xl = TOps.Load(ref x, last);
                b0 = TOps.Add(b0, TOps.KeepLast(TOps.Multiply(TOps.Load(ref w0, last), xl), keep, TOps.Zero));
                b1 = TOps.Add(b1, TOps.KeepLast(TOps.Multiply(TOps.Load(ref w1, last), xl), keep, TOps.Zero));
                b2 = TOps.Add(b2, TOps.KeepLast(TOps.Multiply(TOps.Load(ref w2, last), xl), keep, TOps.Zero));
                b3 = TOps.Add(b3, TOps.KeepLast(TOps.Multiply(TOps.Load(ref w3, last), xl), keep, TOps.Zero));
            }

            Unsafe.Add(ref y, r) = Unsafe.Add(ref start, r * startStride) + TOps.Sum(TOps.Add(a0, b0));
            Unsafe.Add(ref y, r + 1) = Unsafe.Add(ref start, (r + 1) * startStride) + TOps.Sum(TOps.Add(a1, b1));
            Unsafe.Add(ref y, r + 2) = Unsafe.Add(ref start, (r + 2) * startStride) + TOps.Sum(TOps.Add(a2, b2));
            Unsafe.Add(ref y, r + 3) = Unsafe.Add(ref start, (r + 3) * startStride) + TOps.Sum(TOps.Add(a3, b3));
        }

        for (; r < (nuint)rows; r++)
        {
            T dot = ReductionCore.Sum<T, TVec, TOps, DotTerm>(ref Unsafe.Add(ref w, r * n), ref x, n);
            Unsafe.Add(ref y, r) = Unsafe.Add(ref start, r * startStride) + dot;
        }
    }

    // A plain dot product per row, four accumulators each. Beyond L1, blocks of four rows read W as four streams
    // 4 * columns apart and ran at 95-115 B/ns from L2 on Zen 5; one stream runs at 145-195 B/ns. In L1 the blocks
    // are 10-20% faster (bench/RESULTS.md, "One sample: one stream of weights").
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyByRows<T, TVec, TOps>(ref T w, ref T x, ref T start, nuint startStride, int rows, int columns, ref T y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : IVectorOps<T, TVec>
    {
        nuint n = (nuint)columns;
        for (nuint r = 0; r < (nuint)rows; r++)
        {
            T dot = ReductionCore.Sum<T, TVec, TOps, DotTerm>(ref Unsafe.Add(ref w, r * n), ref x, n);
            Unsafe.Add(ref y, r) = Unsafe.Add(ref start, r * startStride) + dot;
        }
    }

    // g = sum_r d[r] W[r, :] walks W row by row (contiguous) for a strip of columns kept in registers: four vectors
    // per strip, then single vectors. The remainder is the last full vector, started from g's original values read
    // before anything is stored, so its overlap with finished columns is stored again with identical values.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyTransposed<T, TVec, TOps>(ref T w, ref T d, nuint dStride, int rows, int columns, ref T g, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : IVectorOps<T, TVec>
    {
        nuint c = (nuint)TOps.Count;
        nuint n = (nuint)columns;
        if (n == 0)
        {
            return;
        }

        nuint last = n - c;
        TVec lastStart = accumulate ? TOps.Load(ref g, last) : TOps.Zero;
        nuint j = 0;
        for (; j + 4 * c <= n; j += 4 * c)
        {
            TVec s0 = Start<T, TVec, TOps>(ref g, j, accumulate);
            TVec s1 = Start<T, TVec, TOps>(ref g, j + c, accumulate);
            TVec s2 = Start<T, TVec, TOps>(ref g, j + 2 * c, accumulate);
            TVec s3 = Start<T, TVec, TOps>(ref g, j + 3 * c, accumulate);
            ref T row = ref Unsafe.Add(ref w, j);
            for (nuint r = 0; r < (nuint)rows; r++, row = ref Unsafe.Add(ref row, n))
            {
                TVec dr = TOps.Broadcast(Unsafe.Add(ref d, r * dStride));
                s0 = TOps.MultiplyAdd(dr, TOps.Load(ref row, 0), s0);
                s1 = TOps.MultiplyAdd(dr, TOps.Load(ref row, c), s1);
                s2 = TOps.MultiplyAdd(dr, TOps.Load(ref row, 2 * c), s2);
                s3 = TOps.MultiplyAdd(dr, TOps.Load(ref row, 3 * c), s3);
            }

            TOps.Store(s0, ref g, j);
            TOps.Store(s1, ref g, j + c);
            TOps.Store(s2, ref g, j + 2 * c);
            TOps.Store(s3, ref g, j + 3 * c);
        }

        for (; j + c <= n; j += c)
        {
            TOps.Store(ColumnStrip<T, TVec, TOps>(ref w, ref d, dStride, rows, n, j, Start<T, TVec, TOps>(ref g, j, accumulate)), ref g, j);
        }

        if (j < n)
        {
            TOps.Store(ColumnStrip<T, TVec, TOps>(ref w, ref d, dStride, rows, n, last, lastStart), ref g, last);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Start<T, TVec, TOps>(ref T g, nuint j, bool accumulate)
        where TVec : struct
        where TOps : IVectorOps<T, TVec> => accumulate ? TOps.Load(ref g, j) : TOps.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec ColumnStrip<T, TVec, TOps>(ref T w, ref T d, nuint dStride, int rows, nuint n, nuint j, TVec sum)
        where TVec : struct
        where TOps : IVectorOps<T, TVec>
    {
        ref T row = ref Unsafe.Add(ref w, j);
        for (nuint r = 0; r < (nuint)rows; r++, row = ref Unsafe.Add(ref row, n))
        {
            sum = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref d, r * dStride)), TOps.Load(ref row, 0), sum);
        }

        return sum;
    }

    private readonly ref struct MultiplyKernel<T> : IWidthKernel<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly ref T w;
        private readonly ref T x;
        private readonly ref T start;
        private readonly ref T y;
        private readonly nuint startStride;
        private readonly int rows;
        private readonly int columns;
        private readonly bool byRows;

        public MultiplyKernel(ref T w, ref T x, ref T start, nuint startStride, int rows, int columns, ref T y, bool byRows)
        {
            this.byRows = byRows;
            this.w = ref w;
            this.x = ref x;
            this.start = ref start;
            this.y = ref y;
            this.startStride = startStride;
            this.rows = rows;
            this.columns = columns;
        }

        public void Run<TVec, TOps>()
            where TVec : struct
            where TOps : struct, IVectorOps<T, TVec>
        {
            if (byRows)
            {
                MultiplyByRows<T, TVec, TOps>(ref w, ref x, ref start, startStride, rows, columns, ref y);
            }
            else
            {
                MultiplyInBlocks<T, TVec, TOps>(ref w, ref x, ref start, startStride, rows, columns, ref y);
            }
        }
    }

    private readonly ref struct MultiplyTransposedKernel<T> : IWidthKernel<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly ref T w;
        private readonly ref T d;
        private readonly ref T g;
        private readonly nuint dStride;
        private readonly int rows;
        private readonly int columns;
        private readonly bool accumulate;

        public MultiplyTransposedKernel(ref T w, ref T d, nuint dStride, int rows, int columns, ref T g, bool accumulate)
        {
            this.w = ref w;
            this.d = ref d;
            this.g = ref g;
            this.dStride = dStride;
            this.rows = rows;
            this.columns = columns;
            this.accumulate = accumulate;
        }

        public void Run<TVec, TOps>()
            where TVec : struct
            where TOps : struct, IVectorOps<T, TVec> =>
            MultiplyTransposed<T, TVec, TOps>(ref w, ref d, dStride, rows, columns, ref g, accumulate);
    }
}
