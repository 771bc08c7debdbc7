using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels;

/// <summary>
/// Copies a block of an operand into the micro-kernel's panel layout: consecutive panels of <c>width</c> columns,
/// each stored [depth, width] row-major and zero-padded to the full width. A and B, transposed or not, differ only in
/// the two strides of the source, so this one routine absorbs every transposition.
/// </summary>
internal static class GemmPacking<T, TVec, TOps>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TVec : struct
    where TOps : struct, IVectorOps<T, TVec>
{
    // source element (p, j) at source + p*depthStep + j*widthStep, p < depth, j < count
    // destination: ceil(count / width) panels of [depth, width], panel q at destination + q*width*depth
    public static void Block(
        ref T source, nint depthStep, nint widthStep, int depth, int count, int width, ref T destination)
    {
        if (widthStep == 1)
        {
            CopyRows(ref source, depthStep, depth, count, width, ref destination);
            return;
        }

        for (int j = 0; j < count; j += width)
        {
            TransposePanel(
                ref Unsafe.Add(ref source, j * widthStep), widthStep, depth, Math.Min(width, count - j), width,
                ref Unsafe.Add(ref destination, (nint)j * depth));
        }
    }

    // Source rows are contiguous. Each source row is read once, across all panels, before the next: reading panel by
    // panel instead revisits every row once per panel, and when rows are a multiple of 4 KiB apart those visits all
    // land in one L1 set and miss.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyRows(ref T source, nint depthStep, int depth, int count, int width, ref T destination)
    {
        bool wholeRegisters = width % TOps.Count == 0;
        for (int p = 0; p < depth; p++)
        {
            ref T from = ref Unsafe.Add(ref source, p * depthStep);
            for (int j0 = 0; j0 < count; j0 += width)
            {
                int valid = Math.Min(width, count - j0);
                ref T to = ref Unsafe.Add(ref destination, (nint)j0 * depth + (nint)p * width);
                if (wholeRegisters && valid == width)
                {
                    for (nuint j = 0; j < (nuint)width; j += (nuint)TOps.Count)
                    {
                        TOps.Store(TOps.Load(ref from, (nuint)j0 + j), ref to, j);
                    }
                }
                else
                {
                    CopyRow(ref Unsafe.Add(ref from, j0), 1, 0, valid, width, ref to);
                }
            }
        }
    }

    // Source columns are contiguous (a transposed layout): square blocks are transposed in registers, and the ragged
    // right and bottom edges element by element. Walking the depth in the outer loop writes each packed row in order
    // while the width source columns' lines stay in L1 for the next rows.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposePanel(ref T source, nint widthStep, int depth, int count, int width, ref T destination)
    {
        int q = GemmTranspose.Size<T>();
        int blockDepth = q > 1 ? depth / q * q : 0;
        int blockCount = count / q * q;
        for (int p = 0; p < blockDepth; p += q)
        {
            for (int j = 0; j < blockCount; j += q)
            {
                GemmTranspose.Block(
                    ref Unsafe.Add(ref source, j * widthStep + p), widthStep,
                    ref Unsafe.Add(ref destination, (nint)p * width + j), width);
            }
        }

        // The ragged edges; rows the blocks filled whole are skipped without a call.
        int first = blockCount < width ? 0 : blockDepth;
        for (int p = first; p < depth; p++)
        {
            int start = p < blockDepth ? blockCount : 0;
            CopyRow(ref Unsafe.Add(ref source, p), widthStep, start, count, width, ref Unsafe.Add(ref destination, (nint)p * width));
        }
    }

    // destination[j] = source[j * step] for start <= j < count, then zeros up to width. The padding is written rather
    // than left as whatever the reused workspace held: the extra accumulators are discarded, but stale values there
    // could be subnormal (slow on some CPUs) or make a call's work depend on the calls before it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyRow(ref T source, nint step, int start, int count, int width, ref T destination)
    {
        nint offset = start * step;
        for (int j = start; j < count; j++)
        {
            Unsafe.Add(ref destination, j) = Unsafe.Add(ref source, offset);
            offset += step;
        }

        for (int j = count; j < width; j++)
        {
            Unsafe.Add(ref destination, j) = T.Zero;
        }
    }
}
