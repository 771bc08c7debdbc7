using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VectorNN.Kernels.Cores;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels;

/// <summary>
/// Per-column statistics and rescaling of a row-major matrix <c>rows: [count, width]</c> (samples x features), all
/// arithmetic in double whatever <c>T</c> is. Each is one pass over the rows in memory order, a vector of columns at a
/// time, and adds up each column over the rows in row order, exactly as a scalar loop over rows per column does: the
/// results are bit-identical to that loop's (no fused multiply-add, no reassociation).
/// </summary>
/// <remarks>Callers have checked that the spans hold whole rows of <c>width</c> and that the column spans hold <c>width</c> values.</remarks>
internal static class Columns
{
    /// <summary>sums[j] += rows[i, j] for every row i, in row order.</summary>
    public static void Sum<T>(ReadOnlySpan<T> rows, int width, Span<double> sums)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        ColumnCore.Accumulate(rows, width, new SumStep(ref MemoryMarshal.GetReference(sums)));

    /// <summary>sums[j] += (rows[i, j] - means[j])^2 for every row i, in row order, each square rounded before the add.</summary>
    public static void SumSquaredDeviations<T>(ReadOnlySpan<T> rows, int width, ReadOnlySpan<double> means, Span<double> sums)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        ColumnCore.Accumulate(rows, width, new SquaredDeviationStep(ref MemoryMarshal.GetReference(means), ref MemoryMarshal.GetReference(sums)));

    /// <summary>min[j] = Math.Min(min[j], rows[i, j]) and max[j] likewise, for every row i (NaN wins, -0 below +0).</summary>
    public static void MinMax<T>(ReadOnlySpan<T> rows, int width, Span<double> min, Span<double> max)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        ColumnCore.Accumulate(rows, width, new MinMaxStep(ref MemoryMarshal.GetReference(min), ref MemoryMarshal.GetReference(max)));

    /// <summary>rows[i, j] = T((double(rows[i, j]) - offsets[j]) / scales[j]) in place, rounded once to T.</summary>
    public static void Rescale<T>(Span<T> rows, int width, ReadOnlySpan<double> offsets, ReadOnlySpan<double> scales)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        ColumnCore.Rescale(rows, width, ref MemoryMarshal.GetReference(offsets), ref MemoryMarshal.GetReference(scales));

    // A lane masked out (already counted in this row) adds +0, which leaves every sum as it is: a sum that starts at +0
    // never becomes -0 when rounding to nearest.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Fresh<TVec, TOps>(TVec x, int fresh)
        where TVec : struct
        where TOps : struct, IVectorOps<double, TVec> =>
        fresh == TOps.Count ? x : TOps.KeepLast(x, fresh, TOps.Zero);

    private readonly ref struct SumStep(ref double sums) : IColumnStep
    {
        private readonly ref double sums = ref sums;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TVec, TOps>(TVec x, nuint column, int fresh)
            where TVec : struct
            where TOps : struct, IVectorOps<double, TVec> =>
            TOps.Store(TOps.Add(TOps.Load(ref sums, column), Fresh<TVec, TOps>(x, fresh)), ref sums, column);
    }

    private readonly ref struct SquaredDeviationStep(ref double means, ref double sums) : IColumnStep
    {
        private readonly ref double means = ref means;
        private readonly ref double sums = ref sums;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TVec, TOps>(TVec x, nuint column, int fresh)
            where TVec : struct
            where TOps : struct, IVectorOps<double, TVec>
        {
            TVec d = TOps.Subtract(x, TOps.Load(ref means, column));
            TOps.Store(TOps.Add(TOps.Load(ref sums, column), Fresh<TVec, TOps>(TOps.Multiply(d, d), fresh)), ref sums, column);
        }
    }

    // Minimum and maximum are idempotent: lanes seen twice need no mask.
    private readonly ref struct MinMaxStep(ref double min, ref double max) : IColumnStep
    {
        private readonly ref double min = ref min;
        private readonly ref double max = ref max;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TVec, TOps>(TVec x, nuint column, int fresh)
            where TVec : struct
            where TOps : struct, IVectorOps<double, TVec>
        {
            TOps.Store(TOps.Min(TOps.Load(ref min, column), x), ref min, column);
            TOps.Store(TOps.Max(TOps.Load(ref max, column), x), ref max, column);
        }
    }
}
