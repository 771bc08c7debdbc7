using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Cores;

/// <summary>
/// The loops behind <see cref="Columns"/>: every row of a row-major matrix, a vector of columns at a time, values
/// converted to double. The width is the one <see cref="Simd.WidthFor{T}"/> chooses for a row of doubles, so rows
/// narrower than a wide vector take a narrower one; a row's remainder is its last full vector, overlapping the one
/// before.
/// </summary>
internal static class ColumnCore
{
    public static void Accumulate<T, TStep>(ReadOnlySpan<T> rows, int width, TStep step)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TStep : IColumnStep, allows ref struct
    {
        if (rows.IsEmpty)
        {
            return;
        }

        var kernel = new AccumulateKernel<T, TStep>(ref MemoryMarshal.GetReference(rows), rows.Length / width, width, step);
        Simd.Run<double, AccumulateKernel<T, TStep>>(width, ref kernel);
    }

    public static void Rescale<T>(Span<T> rows, int width, ref double offsets, ref double scales)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (rows.IsEmpty)
        {
            return;
        }

        var kernel = new RescaleKernel<T>(ref MemoryMarshal.GetReference(rows), rows.Length / width, width, ref offsets, ref scales);
        Simd.Run<double, RescaleKernel<T>>(width, ref kernel);
    }

    private readonly ref struct AccumulateKernel<T, TStep> : IWidthKernel<double>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TStep : IColumnStep, allows ref struct
    {
        private readonly ref T rows;
        private readonly int count;
        private readonly int width;
        private readonly TStep step;

        public AccumulateKernel(ref T rows, int count, int width, TStep step)
        {
            this.rows = ref rows;
            this.count = count;
            this.width = width;
            this.step = step;
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public void Run<TVec, TOps>()
            where TVec : struct
            where TOps : struct, IVectorOps<double, TVec>
        {
            nuint c = (nuint)TOps.Count;
            nuint w = (nuint)width;
            nuint whole = w - (w % c);
            int rest = (int)(w % c);
            ref T row = ref rows;
            for (int i = 0; i < count; i++, row = ref Unsafe.Add(ref row, w))
            {
                for (nuint j = 0; j < whole; j += c)
                {
                    step.Step<TVec, TOps>(TOps.LoadConverted(ref row, j), j, (int)c);
                }

                if (rest > 0)
                {
                    step.Step<TVec, TOps>(TOps.LoadConverted(ref row, w - c), w - c, rest);
                }
            }
        }
    }

    private readonly ref struct RescaleKernel<T> : IWidthKernel<double>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly ref T rows;
        private readonly int count;
        private readonly int width;
        private readonly ref double offsets;
        private readonly ref double scales;

        public RescaleKernel(ref T rows, int count, int width, ref double offsets, ref double scales)
        {
            this.rows = ref rows;
            this.count = count;
            this.width = width;
            this.offsets = ref offsets;
            this.scales = ref scales;
        }

        // A row's overlapping last vector is computed from the original values before the row is written, and stored
        // after it: rescaling twice would be wrong, storing the same value twice is not.
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public void Run<TVec, TOps>()
            where TVec : struct
            where TOps : struct, IVectorOps<double, TVec>
        {
            nuint c = (nuint)TOps.Count;
            nuint w = (nuint)width;
            nuint whole = w - (w % c);
            bool rest = whole < w;
            ref T row = ref rows;
            for (int i = 0; i < count; i++, row = ref Unsafe.Add(ref row, w))
            {
                TVec tail = rest ? Rescaled<TVec, TOps>(ref row, w - c) : TOps.Zero;
                for (nuint j = 0; j < whole; j += c)
                {
                    TOps.StoreConverted(Rescaled<TVec, TOps>(ref row, j), ref row, j);
                }

                if (rest)
                {
                    TOps.StoreConverted(tail, ref row, w - c);
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private TVec Rescaled<TVec, TOps>(ref T row, nuint j)
            where TVec : struct
            where TOps : struct, IVectorOps<double, TVec> =>
            TOps.Divide(TOps.Subtract(TOps.LoadConverted(ref row, j), TOps.Load(ref offsets, j)), TOps.Load(ref scales, j));
    }
}
