using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels;

/// <summary>The tilings <see cref="GemmDriver{T, TVec, TOps}"/> chooses between.</summary>
internal enum GemmPath
{
    /// <summary>MR x NR tiles of C with <see cref="GemmMicroKernel{T, TVec, TOps}"/>.</summary>
    Wide,

    /// <summary>Tiles of C one register wide with <see cref="GemmNarrowKernel{T, TVec, TOps}"/>.</summary>
    Narrow,

    /// <summary>Wide tiles of C^T = op(B)^T op(A)^T, written to C transposed.</summary>
    Swapped,

    /// <summary>
    /// Narrow tiles of C^T = op(B)^T op(A)^T, written to C transposed: for a C with few rows whose B is stored
    /// transposed, so the large B is read in place instead of being transposed into panels.
    /// </summary>
    SwappedNarrow,
}

/// <summary>
/// The BLIS loop nest around <see cref="GemmMicroKernel{T, TVec, TOps}"/> for one register width: NC blocks of C's
/// columns, KC slices of the depth (B packed once per slice), MC blocks of C's rows, then NR and MR micro-tiles.
/// Large problems are split between threads by <see cref="Threading.GemmParallel{T, TVec, TOps}"/>.
/// </summary>
/// <remarks>
/// <para>
/// A is read in place (BLIS's "sup" path): the kernel broadcasts from six rows of A through two strides, so only
/// a partial last micro-panel is packed, with zero rows. Packing A blocks as well was slower at every size measured
/// (bench/RESULTS.md): a six-row panel KC deep is 3 KiB, so it stays in L1 without packing, and the strided pack it
/// would need costs more than the contiguity saves. The exception is a transposed A with a leading dimension that
/// is a multiple of 4 KiB, which is packed (see the code).
/// </para>
/// <para>
/// When C has few columns (a layer with 10 outputs) most lanes of each NR-wide tile would be padding, so the driver
/// uses the narrow tile of <see cref="GemmNarrowKernel{T, TVec, TOps}"/> instead: one register of columns and 16
/// or 12 rows, A still read in place and only the small B (W^T, n x k) packed. <see cref="ChoosePath"/> picks it
/// from the fraction of useful lanes. Its valid columns are merged into C a register at a time
/// (<see cref="IVectorOps{T, TVec}.StoreFirst"/>) rather than element by element.
/// </para>
/// <para>
/// A C with few rows whose B is stored transposed (the forward pass X W^T of a small batch) would have the whole of W
/// transposed into panels for a few rows of work. There the driver computes C^T = W X^T with the narrow tile
/// instead (<see cref="GemmPath.SwappedNarrow"/>): W is read in place, only the short X is packed, and the tiles are
/// written to C transposed. From 64 rows up the packed panels serve enough rows to pay for themselves and the direct
/// tiles win (bench/RESULTS.md).
/// </para>
/// <para>
/// The earlier alternative, computing C^T = op(B)^T op(A)^T with the long dimension along the registers and writing
/// the tiles to C transposed, is kept for shapes where it wins by a wide margin of useful lanes, but it spends about
/// a third of the time transposing the large operand while packing it, and lost to the narrow tile at every narrow
/// shape measured (see <see cref="ChoosePath"/>).
/// </para>
/// </remarks>
internal static class GemmDriver<T, TVec, TOps>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TVec : struct
    where TOps : struct, IVectorOps<T, TVec>
{
    // How many times the wide tile's useful lanes the narrow tile's must be for the narrow path to be taken.
    private const double NarrowAdvantage = 1.25;

    // How many times the better direct tile's useful lanes the swapped tiles' must be for the swap to be taken.
    private const double SwapAdvantage = 3;

    // Up to this many rows of C, a product with B stored transposed takes GemmPath.SwappedNarrow.
    private const int SwapNarrowRows = 32;

    public static readonly GemmBlocking Blocking =
        GemmBlocking.For(Unsafe.SizeOf<T>(), 6, GemmMicroKernel<T, TVec, TOps>.Columns);

    /// <summary>The blocking of the narrow path, around <see cref="GemmNarrowKernel{T, TVec, TOps}"/>.</summary>
    public static readonly GemmBlocking NarrowBlocking =
        GemmBlocking.For(Unsafe.SizeOf<T>(), GemmNarrowKernel<T, TVec, TOps>.Rows, GemmNarrowKernel<T, TVec, TOps>.Columns);

    // op(A): [m, k], stored [m, k] or [k, m]   op(B): [k, n], stored [k, n] or [n, k]   C: [m, n]
    // Callers have validated the arguments; m, n and k are positive. The tiling is chosen for pathRows rows (m, or the
    // batch that C's rows are a block of), so that a block's rows come out as the whole batch's would. ownedRows splits
    // the product between threads by C's rows as RowOwnership assigns them.
    public static void Run(
        ref T a, bool transposeA, ref T b, bool transposeB, int m, int n, int k, ref T c, bool accumulate, int pathRows,
        bool ownedRows = false)
    {
        // Where op(A)(i, p) and op(B)(p, j) sit in their spans, per unit step of each index.
        nint aRowStep = transposeA ? 1 : k;
        nint aDepthStep = transposeA ? m : 1;
        nint bDepthStep = transposeB ? 1 : n;
        nint bColumnStep = transposeB ? k : 1;
        GemmPath path = ChoosePath(pathRows, n, transposeA, transposeB);
        bool swapped = path is GemmPath.Swapped or GemmPath.SwappedNarrow;
        bool narrow = path is GemmPath.Narrow or GemmPath.SwappedNarrow;
        var problem = swapped
            // op(B)^T: [n, k]   op(A)^T: [k, m]   C^T: [n, m], element (j, i) at c + j + i*n
            ? new GemmProblem(bColumnStep, bDepthStep, aDepthStep, aRowStep, n, m, k, 1, n, accumulate, narrow, ownedRows)
            : new GemmProblem(aRowStep, aDepthStep, bDepthStep, bColumnStep, m, n, k, n, 1, accumulate, narrow, ownedRows);
        ref T left = ref swapped ? ref b : ref a;
        ref T right = ref swapped ? ref a : ref b;

        Threading.GemmParallel<T, TVec, TOps>.Compute(ref left, ref right, ref c, problem);
    }

    /// <summary>
    /// Computes rows [rowStart, rowEnd) and columns [columnStart, columnEnd) of the problem's C: one thread's part.
    /// Every element is computed by the same operations whatever the part boundaries, so the result does not depend
    /// on the number of threads.
    /// </summary>
    public static void Compute(ref T a, ref T b, ref T c, in GemmProblem p, int rowStart, int rowEnd, int columnStart, int columnEnd) =>
        Compute(
            ref Unsafe.Add(ref a, rowStart * p.ARowStep), p.ARowStep, p.ADepthStep,
            ref Unsafe.Add(ref b, columnStart * p.BColumnStep), p.BDepthStep, p.BColumnStep,
            rowEnd - rowStart, columnEnd - columnStart, p.K,
            ref Unsafe.Add(ref c, (rowStart * p.CRowStep) + (columnStart * p.CColumnStep)), p.CRowStep, p.CColumnStep,
            p.Accumulate, p.Narrow);

    /// <summary>
    /// Which tiling computes an m x n C: for a short C whose B is stored transposed, the one that reads B in place;
    /// otherwise the one with the largest fraction of its tile grid doing useful work.
    /// </summary>
    public static GemmPath ChoosePath(int m, int n, bool transposeA = false, bool transposeB = false)
    {
        // The forward pass of a small batch, X W^T: packing W^T transposes every weight, and with few rows each packed
        // weight serves few FMAs. Swapped, W is read in place by the narrow tile and only the short X is packed. It
        // loses once the packing is shared by enough rows (bench/RESULTS.md).
        if (transposeB && !transposeA && m <= SwapNarrowRows && n > m)
        {
            return GemmPath.SwappedNarrow;
        }

        // The narrow tile does a load per FMA where the wide one does one per 2.4: with both (nearly) full it loses,
        // but it wins as soon as it wastes clearly fewer lanes, so it needs a quarter more useful lanes; at equal
        // utilization the wide tile stays. The swap transposes the large operand while packing it and sends every
        // tile through the scalar merge: it lost to the narrow tile even with 2.7 times the useful lanes, so it needs
        // more than that. (Figures in bench/RESULTS.md.)
        double wide = Utilization(m, n, Blocking);
        double narrow = Utilization(m, n, NarrowBlocking);
        if (Utilization(n, m, Blocking) > SwapAdvantage * Math.Max(wide, narrow))
        {
            return GemmPath.Swapped;
        }

        return narrow > NarrowAdvantage * wide ? GemmPath.Narrow : GemmPath.Wide;
    }

    // op(A): [m, k], element (i, p) at a + i*aRowStep + p*aDepthStep   op(B): [k, n], element (p, j) at
    // b + p*bDepthStep + j*bColumnStep   C: [m, n], element (i, j) at c + i*cRowStep + j*cColumnStep
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compute(
        ref T a, nint aRowStep, nint aDepthStep, ref T b, nint bDepthStep, nint bColumnStep, int m, int n, int k,
        ref T c, nint cRowStep, nint cColumnStep, bool accumulate, bool narrow)
    {
        GemmBlocking blocking = narrow ? NarrowBlocking : Blocking;
        int mr = blocking.MR;
        int nr = blocking.NR;

        // A transposed A whose rows are a multiple of 4 KiB apart (the span of L1's 64 sets) would put every k step of
        // a micro-panel in the same L1 set; packing it pays there and only there (bench/RESULTS.md).
        bool packA = aRowStep == 1 && aDepthStep > 1 && aDepthStep * Unsafe.SizeOf<T>() % 4096 == 0;
        int kcMax = Math.Min(k, blocking.KC);
        int bLength = GemmWorkspace<T>.RoundToLine(kcMax * RoundUp(Math.Min(n, blocking.NC), nr));
        int aLength = GemmWorkspace<T>.RoundToLine(kcMax * (packA ? RoundUp(Math.Min(m, blocking.MC), mr) : mr));
        int transposedStride = RoundUp(mr, TOps.Count);
        ref T packedB = ref GemmWorkspace<T>.Rent(bLength + aLength + (mr * nr) + (nr * transposedStride));
        ref T packedA = ref Unsafe.Add(ref packedB, bLength);
        ref T tile = ref Unsafe.Add(ref packedA, aLength);
        ref T transposedTile = ref Unsafe.Add(ref tile, mr * nr);

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
                                if (cColumnStep == 1)
                                {
                                    MergeTile(ref tile, nr, ref cTile, cRowStep, rows, columns, add);
                                }
                                else
                                {
                                    // A tile of C^T: its rows are C's columns (cRowStep is 1).
                                    MergeTransposedTile(ref tile, nr, ref transposedTile, transposedStride, ref cTile, cColumnStep, rows, columns, add);
                                }
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

    // A tile of C^T (the swapped paths; element (r, j) at c + r + j*columnStep) is transposed into a second buffer, in
    // 4 x 4 blocks where SSE has the shuffles, so that each of its rows is a contiguous run of a row of C and merges a
    // register at a time: element by element it cost 5-7% of a batch-32 forward pass (bench/RESULTS.md).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MergeTransposedTile(
        ref T tile, int tileStride, ref T transposed, int transposedStride, ref T c, nint columnStep, int rows, int columns, bool add)
    {
        int q = GemmTranspose.Size<T>();
        int blockRows = q > 1 ? rows / q * q : 0;
        int blockColumns = columns / q * q;
        for (int r = 0; r < blockRows; r += q)
        {
            for (int j = 0; j < blockColumns; j += q)
            {
                GemmTranspose.Block(
                    ref Unsafe.Add(ref tile, (r * tileStride) + j), tileStride,
                    ref Unsafe.Add(ref transposed, (j * transposedStride) + r), transposedStride);
            }
        }

        for (int r = 0; r < rows; r++)
        {
            for (int j = r < blockRows ? blockColumns : 0; j < columns; j++)
            {
                Unsafe.Add(ref transposed, (j * transposedStride) + r) = Unsafe.Add(ref tile, (r * tileStride) + j);
            }
        }

        MergeTile(ref transposed, transposedStride, ref c, columnStep, columns, rows, add);
    }

    // Edge tiles are computed in full into a buffer, and only their valid part reaches C (element (r, j) at
    // c + r*rowStep + j). The narrow path sends every tile of a C narrower than a register through here, so it moves
    // whole registers: a tile row is one or more registers wide and its valid part is a prefix of them. (Storing the
    // partial rows from the kernel instead made the JIT spill its accumulators inside the k loop.)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MergeTile(ref T tile, int tileStride, ref T c, nint rowStep, int rows, int columns, bool add)
    {
        int v = TOps.Count;
        for (int r = 0; r < rows; r++)
        {
            ref T from = ref Unsafe.Add(ref tile, r * tileStride);
            ref T to = ref Unsafe.Add(ref c, r * rowStep);
            for (int j = 0; j < columns; j += v)
            {
                int count = Math.Min(v, columns - j);
                TVec x = TOps.Load(ref from, (nuint)j);
                ref T target = ref Unsafe.Add(ref to, j);
                TOps.StoreFirst(add ? TOps.Add(x, TOps.LoadFirst(ref target, count)) : x, ref target, count);
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
