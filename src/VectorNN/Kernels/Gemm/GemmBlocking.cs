namespace VectorNN.Kernels;

/// <summary>
/// Block sizes of the blocked GEMM for one element type and register width, in BLIS's names: the micro-kernel
/// computes an <see cref="MR"/> x <see cref="NR"/> tile of C; the loops around it cut k into <see cref="KC"/>-deep
/// slices, C's columns into <see cref="NC"/>-wide blocks and its rows into <see cref="MC"/>-tall blocks.
/// </summary>
/// <remarks>
/// <para>
/// The sizes follow the cache each operand block is meant to live in (Zen 5: 48 KiB L1d, 1 MiB L2 per core,
/// 32 MiB L3 shared), expressed in bytes so float, double and every width get the same footprint:
/// <list type="bullet">
/// <item>The B micro-panel (KC x NR) is reused by every A micro-panel of the block, so it must stay in L1:
/// 32 KiB of the 48, leaving room for the A micro-panel streaming past and the C tile. For Vector512 floats
/// (NR = 64, 256 bytes a row) that gives KC = 128; narrower rows allow deeper slices, capped at 512 so the A block
/// still fits L2 with a useful height.</item>
/// <item>The A block (MC x KC, read in place: see <see cref="GemmDriver{T, TVec, TOps}"/>) is reused by every B
/// micro-panel, so it must stay in L2: half of the 1 MiB, since B's micro-panels and C pass through L2 too.</item>
/// <item>The packed B block (KC x NC) is reused by every A block, so it lives in L3: 4 MiB, a share of the 32 MiB
/// that leaves room for the other cores.</item>
/// </list>
/// </para>
/// <para>
/// Resulting sizes (MR x NR, KC, MC, NC) for float: Vector512 6 x 64, 128, 1020, 8192; Vector256 6 x 16, 512,
/// 252, 2048; Vector128 6 x 8, 512, 252, 2048; scalar 6 x 2, 512, 252, 2048. Double keeps KC and halves MC, NC and
/// (except on the scalar path) NR. Other depths moved the measured shapes by less than the noise, so the
/// cache-derived values stand (bench/RESULTS.md).
/// </para>
/// <para>
/// MR = 6 rows and NR = 2 or 4 registers give 12 or 24 accumulators: enough independent FMA chains to cover the
/// 4-cycle latency of two FMA pipes, while leaving registers for the B row and a broadcast (16 registers without
/// AVX-512, 32 with it).
/// </para>
/// <para>
/// The narrow path (<see cref="GemmNarrowKernel{T, TVec, TOps}"/>, for C with few columns) has one-register rows,
/// MR = 16 (AVX-512) or 12 rows. Its B panel row is a quarter or half as wide, so the same L1 budget gives the
/// depth cap KC = 512, and MC and NC follow: float Vector512 16 x 16, 512, 256, 2048; Vector256 12 x 8, 512, 252,
/// 2048; Vector128 12 x 4 and scalar 12 x 1, 512, 252, 2048; double Vector512 16 x 8, 512, 128, 1024, the others
/// MC 120, NC 1024.
/// </para>
/// </remarks>
internal readonly record struct GemmBlocking(int MR, int NR, int KC, int MC, int NC)
{
    private const int L1PanelBytes = 32 * 1024;
    private const int L2BlockBytes = 512 * 1024;
    private const int L3BlockBytes = 4 * 1024 * 1024;
    private const int MaxDepth = 512;

    /// <summary>
    /// The blocking for elements of <paramref name="elementSize"/> bytes and an <paramref name="mr"/> x
    /// <paramref name="nr"/> tile.
    /// </summary>
    public static GemmBlocking For(int elementSize, int mr, int nr)
    {
        int kc = Math.Min(MaxDepth, L1PanelBytes / (nr * elementSize));
        int mc = L2BlockBytes / (kc * elementSize) / mr * mr;
        int nc = L3BlockBytes / (kc * elementSize) / nr * nr;
        return new GemmBlocking(mr, nr, kc, mc, nc);
    }
}
