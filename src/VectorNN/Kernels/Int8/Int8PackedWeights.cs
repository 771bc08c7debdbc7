using System.Runtime.InteropServices;

namespace VectorNN.Kernels.Int8;

/// <summary>
/// A weight matrix [rows x columns] re-laid-out for <see cref="Int8PackedGemmCore"/>: panels of
/// <see cref="PanelColumns"/> output rows, each a run of groups of <see cref="GroupBytes"/> shared-dimension bytes, so
/// that one 64-byte load holds 16 outputs x 4 consecutive k and multiplies one broadcast of 4 activation bytes.
/// </summary>
/// <remarks>
/// <para>
/// Pack a weight matrix once and multiply by it many times with
/// <see cref="Int8Gemm.Multiply(ReadOnlySpan{byte}, int, Int8PackedWeights, int, Span{int}, int)"/>; the packing is a
/// copy of the matrix, and the products then allocate nothing. An instance is immutable and may be shared between threads.
/// </para>
/// <para>
/// Byte ((p x Groups + g) x 16 + j) x 4 + b holds w[16 p + j, 4 g + b]; rows past the last and columns past the last
/// are zero, so a whole panel and a whole group can always be computed (the padding adds products of zero).
/// </para>
/// </remarks>
public sealed class Int8PackedWeights
{
    /// <summary>Output rows per panel: 16 lanes of 32-bit sums, one zmm or two ymm registers.</summary>
    internal const int PanelColumns = 16;

    /// <summary>Shared-dimension bytes per group: the 4 that VPDPBUSD adds into one 32-bit lane.</summary>
    internal const int GroupBytes = 4;

    /// <summary>Bytes of one group of one panel.</summary>
    internal const int GroupSize = PanelColumns * GroupBytes;

    /// <summary>Packs <paramref name="w"/> [<paramref name="rows"/> x <paramref name="columns"/>], row r starting at r x <paramref name="stride"/>.</summary>
    /// <param name="w">The weights, row-major (a dense layer's [out x in]).</param>
    /// <param name="rows">Weight rows (outputs per sample), &gt;= 0.</param>
    /// <param name="columns">The shared dimension, 0 to <see cref="Int8Gemm.MaxColumns"/> for exact sums.</param>
    /// <param name="stride">Elements from one row's start to the next's, &gt;= <paramref name="columns"/>.</param>
    /// <exception cref="ArgumentException">A negative dimension, a stride below the columns, or <paramref name="w"/> too short.</exception>
    public Int8PackedWeights(ReadOnlySpan<sbyte> w, int rows, int columns, int stride)
    {
        Guard.NonNegative(rows, nameof(rows));
        Guard.NonNegative(columns, nameof(columns));
        if (stride < columns)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, $"Expected a stride of at least the {columns} columns, got {stride}.");
        }

        if (rows > 0 && w.Length < ((long)(rows - 1) * stride) + columns)
        {
            throw new ArgumentException($"Expected {rows} rows of {columns} weights every {stride}, got {w.Length} weights.", nameof(w));
        }

        Rows = rows;
        Columns = columns;
        Groups = (columns + GroupBytes - 1) / GroupBytes;
        Panels = (rows + PanelColumns - 1) / PanelColumns;
        Data = new sbyte[(long)Panels * Groups * GroupSize];
        for (int r = 0; r < rows && columns > 0; r++)
        {
            // Whole groups of 4 bytes move as one int; the last group's missing columns stay zero.
            ReadOnlySpan<sbyte> row = w.Slice(r * stride, columns);
            Span<sbyte> panel = Data.AsSpan((r / PanelColumns * Groups * GroupSize) + (r % PanelColumns * GroupBytes));
            int whole = columns / GroupBytes;
            for (int g = 0; g < whole; g++)
            {
                MemoryMarshal.Write(MemoryMarshal.AsBytes(panel.Slice(g * GroupSize, GroupBytes)), MemoryMarshal.Read<int>(MemoryMarshal.AsBytes(row.Slice(g * GroupBytes, GroupBytes))));
            }

            if (whole * GroupBytes < columns)
            {
                row[(whole * GroupBytes)..].CopyTo(panel[(whole * GroupSize)..]);
            }
        }
    }

    /// <summary>Output rows (the product's columns per sample).</summary>
    public int Rows { get; }

    /// <summary>The shared dimension.</summary>
    public int Columns { get; }

    /// <summary>Groups of 4 columns per panel, the last one padded with zeros.</summary>
    internal int Groups { get; }

    /// <summary>Panels of 16 rows, the last one padded with zeros.</summary>
    internal int Panels { get; }

    /// <summary>[Panels x Groups x 16 x 4].</summary>
    internal sbyte[] Data { get; }

    /// <summary>Activation bytes each sample's row must make readable: the columns rounded up to whole groups.</summary>
    public int PaddedColumns => Groups * GroupBytes;

    /// <summary>The weights [Rows x Columns] row-major, as they were before packing.</summary>
    public sbyte[] Unpack()
    {
        var w = new sbyte[Rows * Columns];
        for (int r = 0; r < Rows; r++)
        {
            int panel = (r / PanelColumns * Groups * GroupSize) + (r % PanelColumns * GroupBytes);
            for (int k = 0; k < Columns; k++)
            {
                w[(r * Columns) + k] = Data[panel + (k / GroupBytes * GroupSize) + (k % GroupBytes)];
            }
        }

        return w;
    }
}
