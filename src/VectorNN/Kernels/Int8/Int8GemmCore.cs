using System.Runtime.CompilerServices;

namespace VectorNN.Kernels.Int8;

/// <summary>
/// The loops of <see cref="Int8Gemm"/>, written once for every instruction set. Both operands run along the shared
/// dimension (activations [batch x columns], weights [rows x columns]), so each output is a dot product of two
/// contiguous rows; a tile of 2 samples x 4 weight rows keeps 8 accumulators and loads each vector once for 2 or 4 uses.
/// One sample (the batch-1 GEMV) takes 1 x 4 tiles. Columns past the last whole step are added one at a time.
/// </summary>
internal static class Int8GemmCore
{
    /// <summary>Weight rows per tile.</summary>
    private const int TileRows = 4;

    // x: [batch, columns] u8   w: [rows, columns] s8   y: [batch, rows] i32
    public static void Multiply<TKernel, TAccumulator>(ref byte x, ref sbyte w, int batch, int rows, int columns, ref int y)
        where TKernel : IInt8DotKernel<TAccumulator>
        where TAccumulator : struct
    {
        int whole = columns - (columns % TKernel.Step);
        int n = 0;
        for (; n + 2 <= batch; n += 2)
        {
            ref byte x0 = ref Unsafe.Add(ref x, (nint)n * columns);
            ref byte x1 = ref Unsafe.Add(ref x0, columns);
            ref int y0 = ref Unsafe.Add(ref y, (nint)n * rows);
            ref int y1 = ref Unsafe.Add(ref y0, rows);
            int r = 0;
            for (; r + TileRows <= rows; r += TileRows)
            {
                Tile2x4<TKernel, TAccumulator>(ref x0, ref x1, ref Unsafe.Add(ref w, (nint)r * columns), columns, whole, ref Unsafe.Add(ref y0, r), ref Unsafe.Add(ref y1, r));
            }

            for (; r < rows; r++)
            {
                ref sbyte wr = ref Unsafe.Add(ref w, (nint)r * columns);
                Unsafe.Add(ref y0, r) = Dot<TKernel, TAccumulator>(ref x0, ref wr, columns, whole);
                Unsafe.Add(ref y1, r) = Dot<TKernel, TAccumulator>(ref x1, ref wr, columns, whole);
            }
        }

        if (n < batch)
        {
            ref byte x0 = ref Unsafe.Add(ref x, (nint)n * columns);
            ref int y0 = ref Unsafe.Add(ref y, (nint)n * rows);
            int r = 0;
            for (; r + TileRows <= rows; r += TileRows)
            {
                Tile1x4<TKernel, TAccumulator>(ref x0, ref Unsafe.Add(ref w, (nint)r * columns), columns, whole, ref Unsafe.Add(ref y0, r));
            }

            for (; r < rows; r++)
            {
                Unsafe.Add(ref y0, r) = Dot<TKernel, TAccumulator>(ref x0, ref Unsafe.Add(ref w, (nint)r * columns), columns, whole);
            }
        }
    }

    private static void Tile2x4<TKernel, TAccumulator>(ref byte x0, ref byte x1, ref sbyte w, int columns, int whole, ref int y0, ref int y1)
        where TKernel : IInt8DotKernel<TAccumulator>
        where TAccumulator : struct
    {
        ref sbyte w1 = ref Unsafe.Add(ref w, columns);
        ref sbyte w2 = ref Unsafe.Add(ref w1, columns);
        ref sbyte w3 = ref Unsafe.Add(ref w2, columns);
        TAccumulator a00 = TKernel.Zero, a01 = TKernel.Zero, a02 = TKernel.Zero, a03 = TKernel.Zero;
        TAccumulator a10 = TKernel.Zero, a11 = TKernel.Zero, a12 = TKernel.Zero, a13 = TKernel.Zero;
        for (int k = 0; k < whole; k += TKernel.Step)
        {
            ref byte u0 = ref Unsafe.Add(ref x0, k);
            ref byte u1 = ref Unsafe.Add(ref x1, k);
            a00 = TKernel.MultiplyAdd(a00, ref u0, ref Unsafe.Add(ref w, k));
            a10 = TKernel.MultiplyAdd(a10, ref u1, ref Unsafe.Add(ref w, k));
            a01 = TKernel.MultiplyAdd(a01, ref u0, ref Unsafe.Add(ref w1, k));
            a11 = TKernel.MultiplyAdd(a11, ref u1, ref Unsafe.Add(ref w1, k));
            a02 = TKernel.MultiplyAdd(a02, ref u0, ref Unsafe.Add(ref w2, k));
            a12 = TKernel.MultiplyAdd(a12, ref u1, ref Unsafe.Add(ref w2, k));
            a03 = TKernel.MultiplyAdd(a03, ref u0, ref Unsafe.Add(ref w3, k));
            a13 = TKernel.MultiplyAdd(a13, ref u1, ref Unsafe.Add(ref w3, k));
        }

        y0 = TKernel.Sum(a00) + Tail(ref x0, ref w, whole, columns);
        Unsafe.Add(ref y0, 1) = TKernel.Sum(a01) + Tail(ref x0, ref w1, whole, columns);
        Unsafe.Add(ref y0, 2) = TKernel.Sum(a02) + Tail(ref x0, ref w2, whole, columns);
        Unsafe.Add(ref y0, 3) = TKernel.Sum(a03) + Tail(ref x0, ref w3, whole, columns);
        y1 = TKernel.Sum(a10) + Tail(ref x1, ref w, whole, columns);
        Unsafe.Add(ref y1, 1) = TKernel.Sum(a11) + Tail(ref x1, ref w1, whole, columns);
        Unsafe.Add(ref y1, 2) = TKernel.Sum(a12) + Tail(ref x1, ref w2, whole, columns);
        Unsafe.Add(ref y1, 3) = TKernel.Sum(a13) + Tail(ref x1, ref w3, whole, columns);
    }

    private static void Tile1x4<TKernel, TAccumulator>(ref byte x0, ref sbyte w, int columns, int whole, ref int y0)
        where TKernel : IInt8DotKernel<TAccumulator>
        where TAccumulator : struct
    {
        ref sbyte w1 = ref Unsafe.Add(ref w, columns);
        ref sbyte w2 = ref Unsafe.Add(ref w1, columns);
        ref sbyte w3 = ref Unsafe.Add(ref w2, columns);
        TAccumulator a0 = TKernel.Zero, a1 = TKernel.Zero, a2 = TKernel.Zero, a3 = TKernel.Zero;
        for (int k = 0; k < whole; k += TKernel.Step)
        {
            ref byte u = ref Unsafe.Add(ref x0, k);
            a0 = TKernel.MultiplyAdd(a0, ref u, ref Unsafe.Add(ref w, k));
            a1 = TKernel.MultiplyAdd(a1, ref u, ref Unsafe.Add(ref w1, k));
            a2 = TKernel.MultiplyAdd(a2, ref u, ref Unsafe.Add(ref w2, k));
            a3 = TKernel.MultiplyAdd(a3, ref u, ref Unsafe.Add(ref w3, k));
        }

        y0 = TKernel.Sum(a0) + Tail(ref x0, ref w, whole, columns);
        Unsafe.Add(ref y0, 1) = TKernel.Sum(a1) + Tail(ref x0, ref w1, whole, columns);
        Unsafe.Add(ref y0, 2) = TKernel.Sum(a2) + Tail(ref x0, ref w2, whole, columns);
        Unsafe.Add(ref y0, 3) = TKernel.Sum(a3) + Tail(ref x0, ref w3, whole, columns);
    }

    private static int Dot<TKernel, TAccumulator>(ref byte x, ref sbyte w, int columns, int whole)
        where TKernel : IInt8DotKernel<TAccumulator>
        where TAccumulator : struct
    {
        TAccumulator a = TKernel.Zero;
        for (int k = 0; k < whole; k += TKernel.Step)
        {
            a = TKernel.MultiplyAdd(a, ref Unsafe.Add(ref x, k), ref Unsafe.Add(ref w, k));
        }

        return TKernel.Sum(a) + Tail(ref x, ref w, whole, columns);
    }

    /// <summary>The products of columns [<paramref name="from"/>, <paramref name="to"/>), one at a time.</summary>
    private static int Tail(ref byte x, ref sbyte w, int from, int to)
    {
        int sum = 0;
        for (int k = from; k < to; k++)
        {
            sum += Unsafe.Add(ref x, k) * Unsafe.Add(ref w, k);
        }

        return sum;
    }
}
