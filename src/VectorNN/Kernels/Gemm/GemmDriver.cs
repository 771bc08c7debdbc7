using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels;

/// <summary>
/// The BLIS loop nest around <see cref="GemmMicroKernel{T, TVec, TOps}"/> for one register width: NC blocks of C's
/// columns, KC slices of the depth (B packed once per slice), MC blocks of C's rows, then NR and MR micro-tiles.
/// The jc and ic loops write disjoint parts of C, which is where a multi-threaded driver would split the work.
/// </summary>
/// <remarks>
/// <para>
/// A is read in place (BLIS's "sup" path): the kernel broadcasts from six rows of A through two strides, so only
/// a partial last micro-panel is packed, with zero rows. Packing A blocks as well was measured slower at every
/// size tried (float, Vector512, shared 2-core Zen 5; medians): n = 512 194 vs 209 GFLOP/s, n = 1024 190 vs 207,
/// 2048 x 512 x 2048 147 vs 207, 128 x 784 x 256 176 vs 200. A six-row panel KC deep is 3 KiB, so it stays in L1
/// without packing, and the strided pack it would need costs more than the contiguity saves. The exception is a
/// transposed A with a leading dimension that is a multiple of 4 KiB, which is packed (see the code).
/// </para>
/// <para>
/// When C has few columns (a layer with 10 outputs) most lanes of each NR-wide tile would be padding, so the driver
/// computes C^T = op(B)^T op(A)^T instead, with the long dimension along the registers, and writes the tiles to C
/// transposed.
/// </para>
/// </remarks>
internal static class GemmDriver<T, TVec, TOps>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TVec : struct
    where TOps : struct, IVectorOps<T, TVec>
{
    // How many times the wide tile's useful lanes the narrow tile's must be for the narrow path to be taken.
    private const double NarrowAdvantage = 1.5;

    public static readonly GemmBlocking Blocking =
        GemmBlocking.For(Unsafe.SizeOf<T>(), 6, GemmMicroKernel<T, TVec, TOps>.Columns);

    /// <summary>The blocking of the narrow path, around <see cref="GemmNarrowKernel{T, TVec, TOps}"/>.</summary>
    public static readonly GemmBlocking NarrowBlocking =
        GemmBlocking.For(Unsafe.SizeOf<T>(), GemmNarrowKernel<T, TVec, TOps>.Rows, GemmNarrowKernel<T, TVec, TOps>.Columns);

    // op(A): [m, k], stored [m, k] or [k, m]   op(B): [k, n], stored [k, n] or [n, k]   C: [m, n]
    // Callers have validated the arguments; m, n and k are positive.
    public static void Run(
        ref T a, bool transposeA, ref T b, bool transposeB, int m, int n, int k, ref T c, bool accumulate)
    {
        // The narrow tile does a load per FMA where the wide one does one per 2.4, so it must raise the useful lanes
        // by more than that costs; the transposed tiles reach C through the scalar merge, and transposing the large
        // operand costs about as much again, so the swap must at least double the useful lanes of the better direct
        // tile.
        double wide = Utilization(m, n, Blocking);
        double narrow = Utilization(m, n, NarrowBlocking);
        bool useNarrow = narrow > NarrowAdvantage * wide;
        if (Utilization(n, m, Blocking) > 2 * Math.Max(wide, narrow))
        {
            // op(B)^T: [n, k]   op(A)^T: [k, m]   C^T: [n, m], element (j, i) at c + j + i*n
            Compute(ref b, !transposeB, ref a, !transposeA, n, m, k, ref c, 1, n, accumulate, narrow: false);
        }
        else
        {
            Compute(ref a, transposeA, ref b, transposeB, m, n, k, ref c, n, 1, accumulate, useNarrow);
        }
    }

    // op(A): [m, k]   op(B): [k, n]   C: [m, n], element (i, j) at c + i*cRowStep + j*cColumnStep
    private static void Compute(
        ref T a, bool transposeA, ref T b, bool transposeB, int m, int n, int k,
        ref T c, nint cRowStep, nint cColumnStep, bool accumulate, bool narrow)
    {
        GemmBlocking blocking = narrow ? NarrowBlocking : Blocking;
        int mr = blocking.MR;
        int nr = blocking.NR;

        // Where op(A)(i, p) and op(B)(p, j) sit in their spans, per unit step of each index.
        nint aRowStep = transposeA ? 1 : k;
        nint aDepthStep = transposeA ? m : 1;
        nint bDepthStep = transposeB ? 1 : n;
        nint bColumnStep = transposeB ? k : 1;

        // A transposed A whose rows are a multiple of 4 KiB apart (the span of L1's 64 sets) would put every k step of
        // a micro-panel in the same L1 set. Packing it measured 72 -> 93 GFLOP/s (Vector256 float) and 34 -> 50
        // (double) at m = 2048; at m = 2000 reading in place was as fast, so only these strides are packed.
        bool packA = transposeA && (long)m * Unsafe.SizeOf<T>() % 4096 == 0;
        int kcMax = Math.Min(k, blocking.KC);
        int bLength = GemmWorkspace<T>.RoundToLine(kcMax * RoundUp(Math.Min(n, blocking.NC), nr));
        int aLength = GemmWorkspace<T>.RoundToLine(kcMax * (packA ? RoundUp(Math.Min(m, blocking.MC), mr) : mr));
        ref T packedB = ref GemmWorkspace<T>.Rent(bLength + aLength + mr * nr);
        ref T packedA = ref Unsafe.Add(ref packedB, bLength);
        ref T tile = ref Unsafe.Add(ref packedA, aLength);

        for (int jc = 0; jc < n; jc += blocking.NC)
        {
            int nc = Math.Min(blocking.NC, n - jc);
            for (int pc = 0; pc < k; pc += blocking.KC)
            {
                int kc = Math.Min(blocking.KC, k - pc);
                bool add = accumulate || pc > 0;
                GemmPacking<T, TVec, TOps>.Block(
                    ref Unsafe.Add(ref b, pc * bDepthStep + jc * bColumnStep), bDepthStep, bColumnStep, kc, nc, nr,
                    ref packedB);

                for (int ic = 0; ic < m; ic += blocking.MC)
                {
                    int mc = Math.Min(blocking.MC, m - ic);
                    ref T aBlock = ref Unsafe.Add(ref a, ic * aRowStep + pc * aDepthStep);
                    int fullRows = mc / mr * mr;
                    if (packA)
                    {
                        GemmPacking<T, TVec, TOps>.Block(ref aBlock, aDepthStep, aRowStep, kc, mc, mr, ref packedA);
                    }
                    else if (fullRows < mc)
                    {
                        // Six rows read in place there would run past A.
                        GemmPacking<T, TVec, TOps>.Block(
                            ref Unsafe.Add(ref aBlock, fullRows * aRowStep), aDepthStep, aRowStep, kc, mc - fullRows,
                            mr, ref packedA);
                    }

                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int columns = Math.Min(nr, nc - jr);
                        ref T bPanel = ref Unsafe.Add(ref packedB, jr * kc);
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int rows = Math.Min(mr, mc - ir);
                            bool inPlace = !packA && ir < fullRows;
                            ref T aPanel = ref inPlace
                                ? ref Unsafe.Add(ref aBlock, ir * aRowStep)
                                : ref Unsafe.Add(ref packedA, (packA ? ir : 0) * kc);
                            nint rowStep = inPlace ? aRowStep : 1;
                            nint depthStep = inPlace ? aDepthStep : mr;
                            ref T cTile = ref Unsafe.Add(ref c, (ic + ir) * cRowStep + (jc + jr) * cColumnStep);

                            if (rows == mr && columns == nr && cColumnStep == 1)
                            {
                                Kernel(narrow, kc, ref aPanel, rowStep, depthStep, ref bPanel, ref cTile, cRowStep, add);
                            }
                            else
                            {
                                Kernel(narrow, kc, ref aPanel, rowStep, depthStep, ref bPanel, ref tile, nr, accumulate: false);
                                MergeTile(ref tile, nr, ref cTile, cRowStep, cColumnStep, rows, columns, add);
                            }
                        }
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Kernel(
        bool narrow, int kc, ref T a, nint aRowStep, nint aDepthStep, ref T b, ref T c, nint ldc, bool accumulate)
    {
        if (narrow)
        {
            GemmNarrowKernel<T, TVec, TOps>.Run(kc, ref a, aRowStep, aDepthStep, ref b, ref c, ldc, accumulate);
        }
        else
        {
            GemmMicroKernel<T, TVec, TOps>.Run(kc, ref a, aRowStep, aDepthStep, ref b, ref c, ldc, accumulate);
        }
    }

    // The fraction of a grid of MR x NR tiles covering [rows x columns] that is real work rather than padding.
    private static double Utilization(int rows, int columns, GemmBlocking tile) =>
        (double)rows / RoundUp(rows, tile.MR) * columns / RoundUp(columns, tile.NR);

    // Edge and transposed tiles are computed in full into a buffer, and only their valid part reaches C.
    private static void MergeTile(
        ref T tile, int tileStride, ref T c, nint rowStep, nint columnStep, int rows, int columns, bool add)
    {
        // The narrow path sends every tile of a C narrower than a register through here, so the contiguous case
        // gets loops without the stride multiply or the per-element branch.
        if (columnStep == 1)
        {
            for (int r = 0; r < rows; r++)
            {
                ref T from = ref Unsafe.Add(ref tile, r * tileStride);
                ref T to = ref Unsafe.Add(ref c, r * rowStep);
                if (add)
                {
                    for (int j = 0; j < columns; j++)
                    {
                        Unsafe.Add(ref to, j) += Unsafe.Add(ref from, j);
                    }
                }
                else
                {
                    for (int j = 0; j < columns; j++)
                    {
                        Unsafe.Add(ref to, j) = Unsafe.Add(ref from, j);
                    }
                }
            }

            return;
        }

        for (int r = 0; r < rows; r++)
        {
            ref T from = ref Unsafe.Add(ref tile, r * tileStride);
            ref T to = ref Unsafe.Add(ref c, r * rowStep);
            for (int j = 0; j < columns; j++)
            {
                ref T target = ref Unsafe.Add(ref to, j * columnStep);
                target = add ? target + Unsafe.Add(ref from, j) : Unsafe.Add(ref from, j);
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
