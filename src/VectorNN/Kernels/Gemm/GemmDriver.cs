using System.Numerics;
using System.Runtime.CompilerServices;

namespace VectorNN.Kernels;

/// <summary>
/// The BLIS loop nest around <see cref="GemmMicroKernel{T, TVec, TOps}"/> for one register width: NC blocks of C's
/// columns, KC slices of the depth (B packed once per slice), MC blocks of C's rows (A packed once per block unless
/// the problem is small), then NR and MR micro-tiles. The jc and ic loops write disjoint parts of C, which is where a
/// multi-threaded driver would split the work.
/// </summary>
internal static class GemmDriver<T, TVec, TOps>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TVec : struct
    where TOps : struct, IGemmVector<TVec, T>
{
    public static readonly GemmBlocking Blocking =
        GemmBlocking.For(Unsafe.SizeOf<T>(), GemmMicroKernel<T, TVec, TOps>.Columns);

    // op(A): [m, k], stored [m, k] or [k, m]   op(B): [k, n], stored [k, n] or [n, k]   C: [m, n]
    // Callers have validated the arguments; m, n and k are positive.
    public static void Run(
        ref T a, bool transposeA, ref T b, bool transposeB, int m, int n, int k, ref T c, bool accumulate)
    {
        GemmBlocking blocking = Blocking;
        int mr = blocking.MR;
        int nr = blocking.NR;

        // Where op(A)(i, p) and op(B)(p, j) sit in their spans, per unit step of each index.
        nint aRowStep = transposeA ? 1 : k;
        nint aDepthStep = transposeA ? m : 1;
        nint bDepthStep = transposeB ? 1 : n;
        nint bColumnStep = transposeB ? k : 1;

        bool packA = ShouldPackA(m, n, k);
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
                        // Unpacked A is read in place, except the last partial micro-panel: reading six rows there
                        // would run past A, so it alone is packed with zero rows.
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
                            ref T cTile = ref Unsafe.Add(ref c, (ic + ir) * (nint)n + jc + jr);

                            if (rows == mr && columns == nr)
                            {
                                GemmMicroKernel<T, TVec, TOps>.Run(
                                    kc, ref aPanel, rowStep, depthStep, ref bPanel, ref cTile, n, add);
                            }
                            else
                            {
                                GemmMicroKernel<T, TVec, TOps>.Run(
                                    kc, ref aPanel, rowStep, depthStep, ref bPanel, ref tile, nr, accumulate: false);
                                MergeTile(ref tile, nr, ref cTile, n, rows, columns, add);
                            }
                        }
                    }
                }
            }
        }
    }

    private static bool ShouldPackA(int m, int n, int k) => true;

    // Edge tiles are computed in full into a buffer and only their valid part reaches C.
    private static void MergeTile(ref T tile, int tileStride, ref T c, int ldc, int rows, int columns, bool add)
    {
        for (int r = 0; r < rows; r++)
        {
            ref T from = ref Unsafe.Add(ref tile, r * tileStride);
            ref T to = ref Unsafe.Add(ref c, (nint)r * ldc);
            for (int j = 0; j < columns; j++)
            {
                Unsafe.Add(ref to, j) = add ? Unsafe.Add(ref to, j) + Unsafe.Add(ref from, j) : Unsafe.Add(ref from, j);
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
