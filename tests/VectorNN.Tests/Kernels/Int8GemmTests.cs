using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VectorNN.Kernels;
using VectorNN.Kernels.Int8;
using VectorNN.Tests.Oracles;
using Xunit;
using Xunit.Abstractions;

namespace VectorNN.Tests.Kernels;

/// <summary>
/// Every 8-bit instruction set against the plain 64-bit integer loop. The sums are integers, so the only acceptable
/// difference is none: each path must be bit-exact.
/// </summary>
public sealed class Int8GemmTests(ITestOutputHelper output)
{
    public static TheoryData<Int8InstructionSet> Sets() => [.. Enum.GetValues<Int8InstructionSet>()];

    [Fact]
    public void InstructionSet_IsSupported_AndFollowsTheRuntimeSwitches()
    {
        string line = $"int8 instruction set under test: {Int8Gemm.InstructionSet} (supported: {string.Join(", ", Enum.GetValues<Int8InstructionSet>().Where(Int8Gemm.IsSupported))})";
        output.WriteLine(line);
        Console.Error.WriteLine(line);
        Assert.True(Int8Gemm.IsSupported(Int8Gemm.InstructionSet));
        if (Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic") == "0")
        {
            Assert.Equal(Int8InstructionSet.Scalar, Int8Gemm.InstructionSet);
        }

        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX2") == "0")
        {
            Assert.True(Int8Gemm.InstructionSet is Int8InstructionSet.Sse2 or Int8InstructionSet.Scalar, $"AVX2 disabled but {Int8Gemm.InstructionSet} selected");
        }

        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX512") == "0")
        {
            Assert.NotEqual(Int8InstructionSet.Avx512BW, Int8Gemm.InstructionSet);
        }

        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVXVNNI") == "0")
        {
            Assert.NotEqual(Int8InstructionSet.AvxVnni, Int8Gemm.InstructionSet);
        }
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Multiply_EqualsTheIntegerLoop_OnEveryLength0To260(Int8InstructionSet set)
    {
        if (!Int8Gemm.IsSupported(set))
        {
            return;
        }

        // 3 samples x 5 rows runs every tile: 2 x 4, the 2-sample leftover row, 1 x 4 and the 1-sample leftover row.
        const int batch = 3, rows = 5;
        var random = new Random(8);
        for (int columns = 0; columns <= 260; columns++)
        {
            byte[] x = RandomBytes(random, batch * columns);
            sbyte[] w = RandomWeights(random, rows * columns);
            AssertExact(set, x, w, batch, rows, columns);
        }
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Multiply_EqualsTheIntegerLoop_OnEveryBatchAndRowCountUpTo9(Int8InstructionSet set)
    {
        if (!Int8Gemm.IsSupported(set))
        {
            return;
        }

        var random = new Random(9);
        foreach (int columns in new[] { 1, 63, 64, 65, 200 })
        {
            for (int batch = 0; batch <= 9; batch++)
            {
                for (int rows = 0; rows <= 9; rows++)
                {
                    AssertExact(set, RandomBytes(random, batch * columns), RandomWeights(random, rows * columns), batch, rows, columns);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Multiply_IsExactAtTheExtremes_UpToMaxColumns(Int8InstructionSet set)
    {
        if (!Int8Gemm.IsSupported(set))
        {
            return;
        }

        // 255 x -128 and 255 x 127 are the largest products; VPMADDUBSW would saturate on the first adjacent pair.
        int columns = Int8Gemm.MaxColumns;
        byte[] x = Enumerable.Repeat((byte)255, columns).ToArray();
        sbyte[] w = [.. Enumerable.Repeat(sbyte.MinValue, columns), .. Enumerable.Repeat(sbyte.MaxValue, columns)];
        long[] expected = AssertExact(set, x, w, 1, 2, columns);
        Assert.True(expected[0] > int.MinValue && expected[0] < -2_147_000_000, "the case must come near the 32-bit limit");
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void PackedMultiply_EqualsTheIntegerLoop_AtEveryTileEdge_WithStridesAndGarbagePadding(Int8InstructionSet set)
    {
        if (!Int8Gemm.IsSupported(set))
        {
            return;
        }

        // Batches around the 6-sample tile, one sample (the 4-panel tile), rows around the 16-row panel and the 64 rows of
        // four panels; the activation rows are longer than the columns and their padding holds random bytes, which must
        // meet zero weights; the sums go to rows longer than the outputs, whose extra entries must stay untouched.
        var random = new Random(10);
        foreach (int columns in new[] { 1, 4, 7, 64, 65, 130 })
        {
            foreach (int batch in new[] { 1, 2, 5, 6, 7, 12, 13 })
            {
                foreach (int rows in new[] { 1, 15, 16, 17, 48, 63, 64, 65, 80, 130 })
                {
                    sbyte[] w = RandomWeights(random, rows * columns);
                    var packed = new Int8PackedWeights(w, rows, columns, columns);
                    Assert.Equal(w, packed.Unpack());
                    int xStride = packed.PaddedColumns + 8;
                    byte[] x = RandomBytes(random, batch * xStride);
                    byte[] dense = new byte[batch * columns];
                    for (int n = 0; n < batch; n++)
                    {
                        x.AsSpan(n * xStride, columns).CopyTo(dense.AsSpan(n * columns));
                    }

                    var expected = new long[batch * rows];
                    NaiveInt8Gemm.Multiply(dense, w, batch, rows, columns, expected);
                    int yStride = rows + 3;
                    var y = new int[batch * yStride];
                    Array.Fill(y, 12345);
                    Int8Gemm.Multiply(set, x, xStride, packed, batch, y, yStride);
                    for (int n = 0; n < batch; n++)
                    {
                        for (int r = 0; r < yStride; r++)
                        {
                            long want = r < rows ? expected[(n * rows) + r] : 12345;
                            if (y[(n * yStride) + r] != want)
                            {
                                Assert.Fail($"{set}, batch {batch}, rows {rows}, columns {columns}: y[{n}, {r}] is {y[(n * yStride) + r]}, expected {want}");
                            }
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void PackedMultiply_RejectsActivationsShorterThanTheirWholeGroups()
    {
        var packed = new Int8PackedWeights(new sbyte[2 * 5], 2, 5, 5);
        Assert.Throws<ArgumentException>("x", () => Int8Gemm.Multiply(Int8Gemm.InstructionSet, new byte[5 + 5], 5, packed, 2, new int[4], 2));
        Assert.Throws<ArgumentException>("x", () => Int8Gemm.Multiply(Int8Gemm.InstructionSet, new byte[8 + 7], 8, packed, 2, new int[4], 2));
        Assert.Throws<ArgumentException>("y", () => Int8Gemm.Multiply(Int8Gemm.InstructionSet, new byte[16], 8, packed, 2, new int[3], 2));
    }

    [Fact]
    public void PublicPackedMultiply_EqualsTheIntegerLoop_AndAllocatesNothing()
    {
        var random = new Random(11);
        const int Batch = 7, Rows = 37, Columns = 50, Stride = 53;
        sbyte[] w = RandomWeights(random, Rows * Stride);
        var packed = new Int8PackedWeights(w, Rows, Columns, Stride);
        byte[] x = RandomBytes(random, Batch * packed.PaddedColumns);
        var dense = new sbyte[Rows * Columns];
        var denseX = new byte[Batch * Columns];
        for (int r = 0; r < Rows; r++)
        {
            w.AsSpan(r * Stride, Columns).CopyTo(dense.AsSpan(r * Columns));
        }

        for (int n = 0; n < Batch; n++)
        {
            x.AsSpan(n * packed.PaddedColumns, Columns).CopyTo(denseX.AsSpan(n * Columns));
        }

        var expected = new long[Batch * Rows];
        NaiveInt8Gemm.Multiply(denseX, dense, Batch, Rows, Columns, expected);
        var y = new int[Batch * Rows];
        Int8Gemm.Multiply(x, packed.PaddedColumns, packed, Batch, y, Rows);
        Assert.Equal(expected, y.Select(v => (long)v));

        long before = GC.GetAllocatedBytesForCurrentThread();
        Int8Gemm.Multiply(x, packed.PaddedColumns, packed, Batch, y, Rows);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Packing_StartsOnACacheLine_AndInterleavesTheGroupsOfEachBlockOfFourPanels()
    {
        // Each 64-byte group must be one cache line (a group split over two lines costs a second load), and one
        // sample's 4-panel tile must read one contiguous run: group g of panels 4b..4b+3, then group g + 1.
        for (int rows = 1; rows <= 130; rows += 43)
        {
            const int Columns = 9;
            var w = new sbyte[rows * Columns];
            for (int i = 0; i < w.Length; i++)
            {
                w[i] = (sbyte)((i % 251) - 125);
            }

            var packed = new Int8PackedWeights(w, rows, Columns, Columns);
            Assert.Equal(0, Unsafe.ByteOffset(ref Unsafe.NullRef<sbyte>(), ref MemoryMarshal.GetReference(packed.Data)) % 64);

            int panels = (rows + 15) / 16;
            for (int r = 0; r < rows; r++)
            {
                int p = r / 16, blockStart = p / 4 * 4, blockPanels = Math.Min(4, panels - blockStart);
                for (int k = 0; k < Columns; k++)
                {
                    int at = (blockStart * 3 * 64) + (((((k / 4 * blockPanels) + (p - blockStart)) * 16) + (r % 16)) * 4) + (k % 4);
                    Assert.Equal(w[(r * Columns) + k], packed.Data[at]);
                }
            }
        }
    }

    [Fact]
    public void Packing_RejectsNegativeDimensions_ShortStrides_AndShortWeights()
    {
        Assert.Throws<ArgumentOutOfRangeException>("rows", () => new Int8PackedWeights(new sbyte[4], -1, 4, 4));
        Assert.Throws<ArgumentOutOfRangeException>("columns", () => new Int8PackedWeights(new sbyte[4], 1, -4, 4));
        Assert.Throws<ArgumentOutOfRangeException>("stride", () => new Int8PackedWeights(new sbyte[8], 2, 4, 3));
        Assert.Throws<ArgumentException>("w", () => new Int8PackedWeights(new sbyte[2 * 5], 2, 5, 6));
        Assert.Equal(0, new Int8PackedWeights([], 0, 5, 5).Rows);
    }

    [Fact]
    public void Multiply_RejectsShortSpansAndNegativeDimensions_BeforeWriting()
    {
        var y = new int[6];
        Assert.Throws<ArgumentException>("x", () => Int8Gemm.Multiply(new byte[5], new sbyte[9], 2, 3, 3, y));
        Assert.Throws<ArgumentException>("w", () => Int8Gemm.Multiply(new byte[6], new sbyte[8], 2, 3, 3, y));
        Assert.Throws<ArgumentException>("y", () => Int8Gemm.Multiply(new byte[6], new sbyte[9], 2, 3, 3, new int[5]));
        Assert.Throws<ArgumentOutOfRangeException>("rows", () => Int8Gemm.Multiply(new byte[6], new sbyte[9], 2, -1, 3, y));
        Assert.All(y, v => Assert.Equal(0, v));
    }

    [Fact]
    public void Multiply_OnAnUnsupportedSet_Throws()
    {
        foreach (Int8InstructionSet set in Enum.GetValues<Int8InstructionSet>().Where(s => !Int8Gemm.IsSupported(s)))
        {
            Assert.Throws<PlatformNotSupportedException>(() => Int8Gemm.Multiply(set, new byte[4], new sbyte[4], 1, 1, 4, new int[1]));
        }
    }

    private static long[] AssertExact(Int8InstructionSet set, byte[] x, sbyte[] w, int batch, int rows, int columns)
    {
        var expected = new long[batch * rows];
        NaiveInt8Gemm.Multiply(x, w, batch, rows, columns, expected);
        var actual = new int[batch * rows];
        Array.Fill(actual, 12345);
        Int8Gemm.Multiply(set, x, w, batch, rows, columns, actual);
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] != actual[i])
            {
                Assert.Fail($"{set}, batch {batch}, rows {rows}, columns {columns}: y[{i / rows}, {i % rows}] is {actual[i]}, expected {expected[i]}");
            }
        }

        return expected;
    }

    /// <summary>Uniform bytes with the extremes 0 and 255 planted often, so every lane meets them.</summary>
    private static byte[] RandomBytes(Random random, int count)
    {
        var values = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int pick = random.Next(8);
            values[i] = pick == 0 ? (byte)0 : pick == 1 ? (byte)255 : (byte)random.Next(256);
        }

        return values;
    }

    /// <summary>Uniform signed bytes with -128, -127 and 127 planted often.</summary>
    private static sbyte[] RandomWeights(Random random, int count)
    {
        var values = new sbyte[count];
        for (int i = 0; i < count; i++)
        {
            int pick = random.Next(8);
            values[i] = pick == 0 ? sbyte.MinValue : pick == 1 ? sbyte.MaxValue : pick == 2 ? (sbyte)-127 : (sbyte)random.Next(-128, 128);
        }

        return values;
    }
}
