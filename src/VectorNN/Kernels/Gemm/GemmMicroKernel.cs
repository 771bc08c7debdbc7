using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels;

/// <summary>
/// The register-tiled micro-kernel: a 6 x NR tile of C, NR = 4 registers (<see cref="Wide"/>) or 2, held in 24 or
/// 12 accumulators for the whole k loop. Each k step loads one row of the packed B micro-panel and broadcasts one
/// element of each of the six A rows against it.
/// </summary>
/// <remarks>
/// A is addressed through two strides, so the same kernel reads a packed A micro-panel (row step 1, k step MR) or A
/// in place (row step lda and k step 1, or the transposed layout's 1 and lda), which is what lets small problems
/// skip packing A. <see cref="Wide"/> is a JIT constant: in the narrow specializations the third and fourth column
/// registers and their FMAs are removed, not executed.
/// </remarks>
internal static class GemmMicroKernel<T, TVec, TOps>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TVec : struct
    where TOps : struct, IVectorOps<T, TVec>
{
    /// <summary>
    /// Whether a tile row is four registers wide rather than two: only with 512-bit registers, which mean AVX-512 and
    /// its 32 registers, room for 6 x 4 accumulators plus the four B registers and a broadcast. AVX2 and SSE have 16,
    /// where that tile would spill (ARM64 has 32 128-bit registers, but that path is not tuned here).
    /// </summary>
    public static bool Wide => Unsafe.SizeOf<TVec>() == 64;

    /// <summary>Elements in one row of the tile.</summary>
    public static int Columns
    {
        // Without the hint the JIT called the getter at the start of every tile.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => TOps.Count * (Wide ? 4 : 2);
    }

    // A: [6, kc] at a + r*aRowStep + p*aDepthStep   B: packed [kc, NR]   C: [6, NR] with row stride ldc
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(
        int kc, ref T a, nint aRowStep, nint aDepthStep, ref T b, ref T c, nint ldc, bool accumulate)
    {
        nuint v = (nuint)TOps.Count;
        nint nr = Columns;
        bool wide = Wide;

        TVec c00 = default, c01 = default, c02 = default, c03 = default;
        TVec c10 = default, c11 = default, c12 = default, c13 = default;
        TVec c20 = default, c21 = default, c22 = default, c23 = default;
        TVec c30 = default, c31 = default, c32 = default, c33 = default;
        TVec c40 = default, c41 = default, c42 = default, c43 = default;
        TVec c50 = default, c51 = default, c52 = default, c53 = default;

        ref T a0 = ref a;
        ref T a1 = ref Unsafe.Add(ref a, aRowStep);
        ref T a2 = ref Unsafe.Add(ref a, 2 * aRowStep);
        ref T a3 = ref Unsafe.Add(ref a, 3 * aRowStep);
        ref T a4 = ref Unsafe.Add(ref a, 4 * aRowStep);
        ref T a5 = ref Unsafe.Add(ref a, 5 * aRowStep);
        nint ak = 0;

        for (int p = 0; p < kc; p++)
        {
            TVec b0 = TOps.Load(ref b, 0);
            TVec b1 = TOps.Load(ref b, v);
            TVec b2 = wide ? TOps.Load(ref b, 2 * v) : default;
            TVec b3 = wide ? TOps.Load(ref b, 3 * v) : default;

            MultiplyAddRow(Unsafe.Add(ref a0, ak), b0, b1, b2, b3, ref c00, ref c01, ref c02, ref c03);
            MultiplyAddRow(Unsafe.Add(ref a1, ak), b0, b1, b2, b3, ref c10, ref c11, ref c12, ref c13);
            MultiplyAddRow(Unsafe.Add(ref a2, ak), b0, b1, b2, b3, ref c20, ref c21, ref c22, ref c23);
            MultiplyAddRow(Unsafe.Add(ref a3, ak), b0, b1, b2, b3, ref c30, ref c31, ref c32, ref c33);
            MultiplyAddRow(Unsafe.Add(ref a4, ak), b0, b1, b2, b3, ref c40, ref c41, ref c42, ref c43);
            MultiplyAddRow(Unsafe.Add(ref a5, ak), b0, b1, b2, b3, ref c50, ref c51, ref c52, ref c53);

            ak += aDepthStep;
            b = ref Unsafe.Add(ref b, nr);
        }

        StoreRow(ref c, c00, c01, c02, c03, accumulate);
        StoreRow(ref Unsafe.Add(ref c, ldc), c10, c11, c12, c13, accumulate);
        StoreRow(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, c22, c23, accumulate);
        StoreRow(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, c32, c33, accumulate);
        StoreRow(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, c42, c43, accumulate);
        StoreRow(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, c52, c53, accumulate);
    }

    // The accumulators are passed by reference into an inlined body, so they remain registers (checked in the
    // disassembly: no stack traffic in the k loop).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyAddRow(
        T a, TVec b0, TVec b1, TVec b2, TVec b3, ref TVec c0, ref TVec c1, ref TVec c2, ref TVec c3)
    {
        TVec x = TOps.Broadcast(a);
        c0 = TOps.MultiplyAdd(x, b0, c0);
        c1 = TOps.MultiplyAdd(x, b1, c1);
        if (Wide)
        {
            c2 = TOps.MultiplyAdd(x, b2, c2);
            c3 = TOps.MultiplyAdd(x, b3, c3);
        }
    }

    // Only reads C when accumulating, so Multiply never lets garbage (NaN) already in C into its result.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(ref T c, TVec x0, TVec x1, TVec x2, TVec x3, bool accumulate)
    {
        nuint v = (nuint)TOps.Count;
        if (accumulate)
        {
            x0 = TOps.Add(x0, TOps.Load(ref c, 0));
            x1 = TOps.Add(x1, TOps.Load(ref c, v));
            if (Wide)
            {
                x2 = TOps.Add(x2, TOps.Load(ref c, 2 * v));
                x3 = TOps.Add(x3, TOps.Load(ref c, 3 * v));
            }
        }

        TOps.Store(x0, ref c, 0);
        TOps.Store(x1, ref c, v);
        if (Wide)
        {
            TOps.Store(x2, ref c, 2 * v);
            TOps.Store(x3, ref c, 3 * v);
        }
    }
}
