using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels;

/// <summary>
/// The micro-kernel for narrow C (a layer with few outputs): a <see cref="Rows"/> x NR tile with NR = one register,
/// one accumulator per row. C with 10 columns then uses 10 of 16 lanes (Vector512 float) without transposing any
/// operand, where the 6 x 64 tile of <see cref="GemmMicroKernel{T, TVec, TOps}"/> would use 10 of 64.
/// </summary>
/// <remarks>
/// <para>
/// Each k step loads one register of the packed B panel and broadcasts one element of every A row against it, so A
/// (the large operand, X in Y = X W^T) is read in place and only B (W^T, n x k elements) is packed.
/// </para>
/// <para>
/// The rows are addressed in groups of four from one pointer per group plus the row stride times 0..3, so 16 rows
/// need four advancing pointers and three strides rather than 16 pointers, which would not fit the 16 general
/// registers. Every FMA then takes its A operand as an embedded broadcast, <c>vfmadd231ps zmm, zmm, dword bcst
/// [group + 4*stride]</c>, and the k loop holds no stack traffic (checked in the Tier1 disassembly). <see cref="Rows"/>
/// is a JIT constant: the groups a width does not use are removed, not executed; the kernel handles up to 24.
/// </para>
/// </remarks>
internal static class GemmNarrowKernel<T, TVec, TOps>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TVec : struct
    where TOps : struct, IVectorOps<T, TVec>
{
    /// <summary>
    /// Rows of the tile, a multiple of four: 16 with AVX-512, 12 with the 16 registers of AVX2 and SSE (12
    /// accumulators, the B register and a broadcast). Both are more than the 8 independent FMAs two 4-cycle pipes
    /// need. 24 rows also fit AVX-512's 32 registers without spilling, but were slower on the output layer (see
    /// bench/RESULTS.md): a batch of 128 leaves an 8-row remainder that is packed and computed as a full 24-row tile,
    /// where 16 rows divide every power-of-two batch.
    /// </summary>
    public static int Rows => Unsafe.SizeOf<TVec>() == 64 ? 16 : 12;

    /// <summary>Elements in one row of the tile: one register.</summary>
    public static int Columns => TOps.Count;

    // A: [Rows, kc] at a + r*aRowStep + p*aDepthStep   B: packed [kc, NR]   C: [Rows, NR] with row stride ldc
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(
        int kc, ref T a, nint aRowStep, nint aDepthStep, ref T b, ref T c, nint ldc, bool accumulate)
    {
        int rows = Rows;
        nint nr = Columns;
        nint s1 = aRowStep, s2 = 2 * aRowStep, s3 = 3 * aRowStep;

        // Groups beyond Rows are never formed: a reference past the end of A is not allowed even unused.
        ref T g0 = ref a;
        ref T g1 = ref Unsafe.Add(ref a, 4 * aRowStep);
        ref T g2 = ref Unsafe.Add(ref a, 8 * aRowStep);
        ref T g3 = ref rows > 12 ? ref Unsafe.Add(ref a, 12 * aRowStep) : ref a;
        ref T g4 = ref rows > 16 ? ref Unsafe.Add(ref a, 16 * aRowStep) : ref a;
        ref T g5 = ref rows > 20 ? ref Unsafe.Add(ref a, 20 * aRowStep) : ref a;

        TVec c00 = default, c01 = default, c02 = default, c03 = default;
        TVec c10 = default, c11 = default, c12 = default, c13 = default;
        TVec c20 = default, c21 = default, c22 = default, c23 = default;
        TVec c30 = default, c31 = default, c32 = default, c33 = default;
        TVec c40 = default, c41 = default, c42 = default, c43 = default;
        TVec c50 = default, c51 = default, c52 = default, c53 = default;

        for (int p = 0; p < kc; p++)
        {
            TVec x = TOps.Load(ref b, 0);
            MultiplyAddGroup(ref g0, s1, s2, s3, x, ref c00, ref c01, ref c02, ref c03);
            MultiplyAddGroup(ref g1, s1, s2, s3, x, ref c10, ref c11, ref c12, ref c13);
            MultiplyAddGroup(ref g2, s1, s2, s3, x, ref c20, ref c21, ref c22, ref c23);
            g0 = ref Unsafe.Add(ref g0, aDepthStep);
            g1 = ref Unsafe.Add(ref g1, aDepthStep);
            g2 = ref Unsafe.Add(ref g2, aDepthStep);
            if (rows > 12)
            {
                MultiplyAddGroup(ref g3, s1, s2, s3, x, ref c30, ref c31, ref c32, ref c33);
                g3 = ref Unsafe.Add(ref g3, aDepthStep);
            }

            if (rows > 16)
            {
                MultiplyAddGroup(ref g4, s1, s2, s3, x, ref c40, ref c41, ref c42, ref c43);
                g4 = ref Unsafe.Add(ref g4, aDepthStep);
            }

            if (rows > 20)
            {
                MultiplyAddGroup(ref g5, s1, s2, s3, x, ref c50, ref c51, ref c52, ref c53);
                g5 = ref Unsafe.Add(ref g5, aDepthStep);
            }

            b = ref Unsafe.Add(ref b, nr);
        }

        StoreGroup(ref c, ldc, c00, c01, c02, c03, accumulate);
        StoreGroup(ref Unsafe.Add(ref c, 4 * ldc), ldc, c10, c11, c12, c13, accumulate);
        StoreGroup(ref Unsafe.Add(ref c, 8 * ldc), ldc, c20, c21, c22, c23, accumulate);
        if (rows > 12)
        {
            StoreGroup(ref Unsafe.Add(ref c, 12 * ldc), ldc, c30, c31, c32, c33, accumulate);
        }

        if (rows > 16)
        {
            StoreGroup(ref Unsafe.Add(ref c, 16 * ldc), ldc, c40, c41, c42, c43, accumulate);
        }

        if (rows > 20)
        {
            StoreGroup(ref Unsafe.Add(ref c, 20 * ldc), ldc, c50, c51, c52, c53, accumulate);
        }
    }

    // Inlined with the accumulators by reference, as in GemmMicroKernel, so they stay in registers.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyAddGroup(
        ref T a, nint s1, nint s2, nint s3, TVec b, ref TVec c0, ref TVec c1, ref TVec c2, ref TVec c3)
    {
        c0 = TOps.MultiplyAdd(TOps.Broadcast(a), b, c0);
        c1 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a, s1)), b, c1);
        c2 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a, s2)), b, c2);
        c3 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a, s3)), b, c3);
    }

    // Only reads C when accumulating, so Multiply never lets garbage (NaN) already in C into its result.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreGroup(ref T c, nint ldc, TVec x0, TVec x1, TVec x2, TVec x3, bool accumulate)
    {
        ref T c1 = ref Unsafe.Add(ref c, ldc);
        ref T c2 = ref Unsafe.Add(ref c, 2 * ldc);
        ref T c3 = ref Unsafe.Add(ref c, 3 * ldc);
        if (accumulate)
        {
            x0 = TOps.Add(x0, TOps.Load(ref c, 0));
            x1 = TOps.Add(x1, TOps.Load(ref c1, 0));
            x2 = TOps.Add(x2, TOps.Load(ref c2, 0));
            x3 = TOps.Add(x3, TOps.Load(ref c3, 0));
        }

        TOps.Store(x0, ref c, 0);
        TOps.Store(x1, ref c1, 0);
        TOps.Store(x2, ref c2, 0);
        TOps.Store(x3, ref c3, 0);
    }
}
