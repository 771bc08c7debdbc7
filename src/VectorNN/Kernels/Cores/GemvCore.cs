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
    /// <summary>y[r] = start[r * startStride] + sum_c W[r, c] x[c]. A stride of 0 repeats one start value.</summary>
    public static void Multiply<T>(ref T w, ref T x, ref T start, nuint startStride, int rows, int columns, ref T y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var kernel = new MultiplyKernel<T>(ref w, ref x, ref start, startStride, rows, columns, ref y);
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

    // One row at a time, a plain dot product with four accumulators: W is read front to back as one stream. Blocks of
    // four rows sharing each load of x (four streams 4 * columns apart) read W from L2 at 95-115 B/ns on Zen 5, the
    // single stream at 145-195 B/ns (bench/RESULTS.md, "One sample: one stream of weights"); x stays in L1 either way.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Multiply<T, TVec, TOps>(ref T w, ref T x, ref T start, nuint startStride, int rows, int columns, ref T y)
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

        public MultiplyKernel(ref T w, ref T x, ref T start, nuint startStride, int rows, int columns, ref T y)
        {
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
            where TOps : struct, IVectorOps<T, TVec> =>
            Multiply<T, TVec, TOps>(ref w, ref x, ref start, startStride, rows, columns, ref y);
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
