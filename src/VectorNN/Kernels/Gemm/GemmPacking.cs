using System.Numerics;
using System.Runtime.CompilerServices;

namespace VectorNN.Kernels;

/// <summary>
/// Copies a block of an operand into the micro-kernel's panel layout: consecutive panels of <c>width</c> columns,
/// each stored [depth, width] row-major and zero-padded to the full width. A and B, transposed or not, differ only in
/// the two strides of the source, so this one routine absorbs every transposition.
/// </summary>
internal static class GemmPacking<T, TVec, TOps>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TVec : struct
    where TOps : struct, IGemmVector<TVec, T>
{
    // source element (p, j) at source + p*depthStep + j*widthStep, p < depth, j < count
    // destination: ceil(count / width) panels of [depth, width], panel q at destination + q*width*depth
    public static void Block(
        ref T source, nint depthStep, nint widthStep, int depth, int count, int width, ref T destination)
    {
        for (int j = 0; j < count; j += width)
        {
            Panel(
                ref Unsafe.Add(ref source, j * widthStep), depthStep, widthStep, depth, Math.Min(width, count - j),
                width, ref Unsafe.Add(ref destination, (nint)j * depth));
        }
    }

    // The padding is written as zeros rather than left as whatever the reused workspace held: the extra accumulators
    // are discarded, but stale values there could be subnormal (slow on some CPUs) or make a call's work depend on
    // the calls before it.
    private static void Panel(
        ref T source, nint depthStep, nint widthStep, int depth, int count, int width, ref T destination)
    {
        if (widthStep == 1 && count == width && width % TOps.Count == 0)
        {
            // Source rows are contiguous: whole registers per row.
            for (int p = 0; p < depth; p++)
            {
                ref T from = ref Unsafe.Add(ref source, p * depthStep);
                ref T to = ref Unsafe.Add(ref destination, (nint)p * width);
                for (nint j = 0; j < width; j += TOps.Count)
                {
                    TOps.Store(TOps.Load(ref from, j), ref to, j);
                }
            }

            return;
        }

        if (widthStep == 1)
        {
            for (int p = 0; p < depth; p++)
            {
                ref T from = ref Unsafe.Add(ref source, p * depthStep);
                ref T to = ref Unsafe.Add(ref destination, (nint)p * width);
                for (int j = 0; j < count; j++)
                {
                    Unsafe.Add(ref to, j) = Unsafe.Add(ref from, j);
                }

                for (int j = count; j < width; j++)
                {
                    Unsafe.Add(ref to, j) = T.Zero;
                }
            }

            return;
        }

        // Source columns are contiguous (a transposed layout): square blocks are transposed in registers, and the
        // ragged right and bottom edges element by element. Walking the depth in the outer loop writes each packed
        // row in order while the width source columns' lines stay in L1 for the next rows.
        int q = depthStep == 1 ? GemmTranspose.Size<T>() : 1;
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

        for (int p = 0; p < depth; p++)
        {
            ref T from = ref Unsafe.Add(ref source, p * depthStep);
            ref T to = ref Unsafe.Add(ref destination, (nint)p * width);
            int start = p < blockDepth ? blockCount : 0;
            nint offset = start * widthStep;
            for (int j = start; j < count; j++)
            {
                Unsafe.Add(ref to, j) = Unsafe.Add(ref from, offset);
                offset += widthStep;
            }

            for (int j = count; j < width; j++)
            {
                Unsafe.Add(ref to, j) = T.Zero;
            }
        }
    }
}
