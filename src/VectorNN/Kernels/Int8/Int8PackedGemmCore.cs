using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VectorNN.Kernels.Int8;

/// <summary>
/// The loops of the packed 8-bit product, written once for every instruction set (<see cref="IInt8PanelKernel{TSums, TActivations, TWeights}"/>).
/// A batch runs tiles of up to <see cref="TileSamples"/> samples x one panel: each 64-byte weight load serves every
/// sample of the tile and each broadcast of 4 activation bytes one panel, with the tile's sums in registers
/// (12 ymm with VNNI) and no horizontal sum. One sample runs tiles of 1 sample x <see cref="TilePanels"/> panels, so
/// that 8 independent accumulator chains hide the multiply-add latency that a single panel would wait on; those panels
/// are one block of <see cref="Int8PackedWeights"/>, interleaved group by group, so the tile streams one run of bytes
/// (one stream per panel ran at two thirds of the speed from L2).
/// </summary>
/// <remarks>
/// Each sample's row must be readable for <see cref="Int8PackedWeights.PaddedColumns"/> bytes: the bytes past the
/// columns meet zero weights. A batch tile always computes 6 samples' sums (a short last tile repeats its first sample
/// in the missing rows) and stores them to a stack buffer, then copies the samples and output rows that exist: with
/// accumulators or stores that depend on the row count, the JIT kept most accumulators in memory inside the loop
/// (see bench/RESULTS.md, "int8 inference").
/// </remarks>
internal static class Int8PackedGemmCore
{
    /// <summary>Samples per batch tile.</summary>
    public const int TileSamples = 6;

    /// <summary>Panels per one-sample tile.</summary>
    public const int TilePanels = 4;

    // x: [batch, xStride] u8   w: packed   y: [batch, yStride] i32
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply<TKernel, TSums, TActivations, TWeights>(ref byte x, int xStride, Int8PackedWeights w, int batch, ref int y, int yStride)
        where TKernel : IInt8PanelKernel<TSums, TActivations, TWeights>
        where TSums : struct
        where TActivations : struct
        where TWeights : struct
    {
        var tile = new Tile(ref x, xStride, w, ref y, yStride);
        int n = 0;
        if (batch == 1)
        {
            int p = 0;
            for (; p + TilePanels <= w.Panels; p += TilePanels)
            {
                tile.OneSample<TKernel, TSums, TActivations, TWeights>(p);
            }

            for (; p < w.Panels; p++)
            {
                tile.Samples<TKernel, TSums, TActivations, TWeights, One>(0, p);
            }

            return;
        }

        for (; n + TileSamples <= batch; n += TileSamples)
        {
            for (int p = 0; p < w.Panels; p++)
            {
                tile.Samples<TKernel, TSums, TActivations, TWeights, Six>(n, p);
            }
        }

        for (int p = 0; p < w.Panels && n < batch; p++)
        {
            switch (batch - n)
            {
                case 1: tile.Samples<TKernel, TSums, TActivations, TWeights, One>(n, p); break;
                case 2: tile.Samples<TKernel, TSums, TActivations, TWeights, Two>(n, p); break;
                case 3: tile.Samples<TKernel, TSums, TActivations, TWeights, Three>(n, p); break;
                case 4: tile.Samples<TKernel, TSums, TActivations, TWeights, Four>(n, p); break;
                default: tile.Samples<TKernel, TSums, TActivations, TWeights, Five>(n, p); break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Read4(ref byte x, int group) => Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref x, group * Int8PackedWeights.GroupBytes));

    /// <summary>A tile's row count as a type, so the JIT compiles each count with only its accumulators.</summary>
    private interface ICount
    {
        static abstract int Value { get; }
    }

    private readonly struct One : ICount { public static int Value => 1; }

    private readonly struct Two : ICount { public static int Value => 2; }

    private readonly struct Three : ICount { public static int Value => 3; }

    private readonly struct Four : ICount { public static int Value => 4; }

    private readonly struct Five : ICount { public static int Value => 5; }

    private readonly struct Six : ICount { public static int Value => 6; }

    /// <summary>The operands of one product; its methods compute one tile each.</summary>
    private readonly ref struct Tile
    {
        private readonly ref byte x;
        private readonly int xStride;
        private readonly ref sbyte w;
        private readonly Int8PackedWeights packed;
        private readonly int groups;
        private readonly int rows;
        private readonly ref int y;
        private readonly int yStride;

        public Tile(ref byte x, int xStride, Int8PackedWeights w, ref int y, int yStride)
        {
            this.x = ref x;
            this.xStride = xStride;
            this.w = ref MemoryMarshal.GetReference(w.Data);
            packed = w;
            groups = w.Groups;
            rows = w.Rows;
            this.y = ref y;
            this.yStride = yStride;
        }

        /// <summary>Samples n..n+TCount-1 times panel p.</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public void Samples<TKernel, TSums, TActivations, TWeights, TCount>(int n, int p)
            where TKernel : IInt8PanelKernel<TSums, TActivations, TWeights>
            where TSums : struct
            where TActivations : struct
            where TWeights : struct
            where TCount : ICount
        {
            ref byte x0 = ref Unsafe.Add(ref x, (nint)n * xStride);
            ref byte x1 = ref TCount.Value > 1 ? ref Unsafe.Add(ref x0, xStride) : ref x0;
            ref byte x2 = ref TCount.Value > 2 ? ref Unsafe.Add(ref x1, xStride) : ref x0;
            ref byte x3 = ref TCount.Value > 3 ? ref Unsafe.Add(ref x2, xStride) : ref x0;
            ref byte x4 = ref TCount.Value > 4 ? ref Unsafe.Add(ref x3, xStride) : ref x0;
            ref byte x5 = ref TCount.Value > 5 ? ref Unsafe.Add(ref x4, xStride) : ref x0;
            ref sbyte panel = ref Unsafe.Add(ref w, packed.PanelStart(p));
            nint groupStride = packed.GroupStride(p);
            TSums s0 = TKernel.Zero, s1 = TKernel.Zero, s2 = TKernel.Zero, s3 = TKernel.Zero, s4 = TKernel.Zero, s5 = TKernel.Zero;
            for (int g = 0; g < groups; g++)
            {
                TWeights wg = TKernel.Load(ref Unsafe.Add(ref panel, g * groupStride));
                s0 = TKernel.MultiplyAdd(s0, TKernel.Broadcast(Read4(ref x0, g)), wg);

                s1 = TKernel.MultiplyAdd(s1, TKernel.Broadcast(Read4(ref x1, g)), wg);

                s2 = TKernel.MultiplyAdd(s2, TKernel.Broadcast(Read4(ref x2, g)), wg);

                s3 = TKernel.MultiplyAdd(s3, TKernel.Broadcast(Read4(ref x3, g)), wg);

                s4 = TKernel.MultiplyAdd(s4, TKernel.Broadcast(Read4(ref x4, g)), wg);

                s5 = TKernel.MultiplyAdd(s5, TKernel.Broadcast(Read4(ref x5, g)), wg);
            }

            // Every row's sums go to the stack first, the rows of a short tile too: a store that depends on the row
            // count would keep the accumulators in memory inside the loop.
            const int PanelColumns = Int8PackedWeights.PanelColumns;
            Span<int> buffer = stackalloc int[TileSamples * PanelColumns];
            ref int b = ref MemoryMarshal.GetReference(buffer);
            TKernel.Store(s0, ref b);
            TKernel.Store(s1, ref Unsafe.Add(ref b, PanelColumns));
            TKernel.Store(s2, ref Unsafe.Add(ref b, 2 * PanelColumns));
            TKernel.Store(s3, ref Unsafe.Add(ref b, 3 * PanelColumns));
            TKernel.Store(s4, ref Unsafe.Add(ref b, 4 * PanelColumns));
            TKernel.Store(s5, ref Unsafe.Add(ref b, 5 * PanelColumns));
            int column = p * PanelColumns;
            int width = Math.Min(PanelColumns, rows - column);
            ref int y0 = ref Unsafe.Add(ref y, ((nint)n * yStride) + column);
            if (width == PanelColumns)
            {
                // A whole panel's row is 64 bytes, a size the JIT copies with vector moves in place of a call.
                for (int r = 0; r < TCount.Value; r++)
                {
                    Unsafe.CopyBlockUnaligned(
                        ref Unsafe.As<int, byte>(ref Unsafe.Add(ref y0, (nint)r * yStride)), ref Unsafe.As<int, byte>(ref Unsafe.Add(ref b, r * PanelColumns)), PanelColumns * sizeof(int));
                }
            }
            else
            {
                for (int r = 0; r < TCount.Value; r++)
                {
                    buffer.Slice(r * PanelColumns, width).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref y0, (nint)r * yStride), width));
                }
            }
        }

        /// <summary>Sample 0 times panels p..p+3, one whole block of <see cref="Int8PackedWeights"/> (p a multiple of 4).</summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public void OneSample<TKernel, TSums, TActivations, TWeights>(int p)
            where TKernel : IInt8PanelKernel<TSums, TActivations, TWeights>
            where TSums : struct
            where TActivations : struct
            where TWeights : struct
        {
            // The block's panels are interleaved group by group: the tile reads one contiguous run of bytes.
            ref sbyte block = ref Unsafe.Add(ref w, (nint)p * groups * Int8PackedWeights.GroupSize);
            TSums s0 = TKernel.Zero, s1 = TKernel.Zero, s2 = TKernel.Zero, s3 = TKernel.Zero;
            for (int g = 0; g < groups; g++)
            {
                TActivations a = TKernel.Broadcast(Read4(ref x, g));
                ref sbyte at = ref Unsafe.Add(ref block, (nint)g * TilePanels * Int8PackedWeights.GroupSize);
                s0 = TKernel.MultiplyAdd(s0, a, TKernel.Load(ref at));
                s1 = TKernel.MultiplyAdd(s1, a, TKernel.Load(ref Unsafe.Add(ref at, Int8PackedWeights.GroupSize)));
                s2 = TKernel.MultiplyAdd(s2, a, TKernel.Load(ref Unsafe.Add(ref at, 2 * Int8PackedWeights.GroupSize)));
                s3 = TKernel.MultiplyAdd(s3, a, TKernel.Load(ref Unsafe.Add(ref at, 3 * Int8PackedWeights.GroupSize)));
            }

            int column = p * Int8PackedWeights.PanelColumns;
            int width = Math.Min(TilePanels * Int8PackedWeights.PanelColumns, rows - column);
            Span<int> partial = stackalloc int[width < TilePanels * Int8PackedWeights.PanelColumns ? TilePanels * Int8PackedWeights.PanelColumns : 0];
            ref int target = ref partial.IsEmpty ? ref Unsafe.Add(ref y, column) : ref partial[0];
            TKernel.Store(s0, ref target);
            TKernel.Store(s1, ref Unsafe.Add(ref target, Int8PackedWeights.PanelColumns));
            TKernel.Store(s2, ref Unsafe.Add(ref target, 2 * Int8PackedWeights.PanelColumns));
            TKernel.Store(s3, ref Unsafe.Add(ref target, 3 * Int8PackedWeights.PanelColumns));
            if (!partial.IsEmpty)
            {
                partial[..width].CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref y, column), width));
            }
        }
    }
}
