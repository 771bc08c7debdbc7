using System.Runtime.InteropServices;
using VectorNN.Memory;

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
/// The panels come in blocks of <see cref="BlockPanels"/> (the last block may hold fewer): within a block, group g of
/// every panel comes before group g + 1 of any, so one sample's product over a block reads one contiguous stream
/// rather than one stream per panel. Byte j x 4 + b of group g of panel p holds w[16 p + j, 4 g + b]; rows past the
/// last and columns past the last are zero, so a whole panel and a whole group can always be computed (the padding
/// adds products of zero). The data starts on a cache line, so every group is one line.
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

    /// <summary>Panels whose groups are interleaved: the panels of one one-sample tile (<see cref="Int8PackedGemmCore.TilePanels"/>).</summary>
    internal const int BlockPanels = Int8PackedGemmCore.TilePanels;

    private readonly AlignedArray<sbyte> data;

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
        data = new AlignedArray<sbyte>(checked(Panels * Groups * GroupSize));
        Span<sbyte> packed = data.Span;
        for (int r = 0; r < rows && columns > 0; r++)
        {
            // Whole groups of 4 bytes move as one int; the last group's missing columns stay zero.
            ReadOnlySpan<sbyte> row = w.Slice(r * stride, columns);
            int p = r / PanelColumns;
            int groupStride = GroupStride(p);
            Span<sbyte> panel = packed[(PanelStart(p) + (r % PanelColumns * GroupBytes))..];
            int whole = columns / GroupBytes;
            for (int g = 0; g < whole; g++)
            {
                MemoryMarshal.Write(MemoryMarshal.AsBytes(panel.Slice(g * groupStride, GroupBytes)), MemoryMarshal.Read<int>(MemoryMarshal.AsBytes(row.Slice(g * GroupBytes, GroupBytes))));
            }

            if (whole * GroupBytes < columns)
            {
                row[(whole * GroupBytes)..].CopyTo(panel[(whole * groupStride)..]);
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

    /// <summary>
    /// The packed bytes, starting on a cache line: every 64-byte group is then one line, where an ordinary array's
    /// start (16 bytes past the object's) split each group's loads over two lines (bench/RESULTS.md, "int8 inference").
    /// </summary>
    internal ReadOnlySpan<sbyte> Data => data.Span;

    /// <summary>Activation bytes each sample's row must make readable: the columns rounded up to whole groups.</summary>
    public int PaddedColumns => Groups * GroupBytes;

    /// <summary>Where group 0 of panel <paramref name="p"/> starts in <see cref="Data"/>.</summary>
    internal int PanelStart(int p) => ((p - (p % BlockPanels)) * Groups * GroupSize) + (p % BlockPanels * GroupSize);

    /// <summary>Bytes from one group of panel <paramref name="p"/> to its next: one group of every panel in its block.</summary>
    internal int GroupStride(int p) => Math.Min(BlockPanels, Panels - (p - (p % BlockPanels))) * GroupSize;

    /// <summary>The weights [Rows x Columns] row-major, as they were before packing.</summary>
    public sbyte[] Unpack()
    {
        var w = new sbyte[Rows * Columns];
        ReadOnlySpan<sbyte> packed = Data;
        for (int r = 0; r < Rows; r++)
        {
            int p = r / PanelColumns;
            int panel = PanelStart(p) + (r % PanelColumns * GroupBytes);
            int groupStride = GroupStride(p);
            for (int k = 0; k < Columns; k++)
            {
                w[(r * Columns) + k] = packed[panel + (k / GroupBytes * groupStride) + (k % GroupBytes)];
            }
        }

        return w;
    }
}
