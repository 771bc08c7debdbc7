using VectorNN.Kernels;
using Xunit;

namespace VectorNN.Tests.Kernels;

/// <summary>
/// <see cref="RowGather.Copy{T}"/> against a plain copy of each named row: widths from one element to wider than a page,
/// rows that start at many positions in a cache line, repeated and out-of-order indices, and fewer rows than the
/// prefetch distance. The copy must move exactly the named rows' elements and write nothing past the last destination row.
/// </summary>
public sealed class RowGatherTests
{
    public static TheoryData<int, int, int> Cases => new()
    {
        { 1, 0, 0 },
        { 1, 1, 3 },
        { 3, 3, 1 },
        { 10, 50, 2 },
        { 16, 7, 5 },
        { 17, 64, 1 },
        { 784, 37, 3 },
        { 1100, 9, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Copy_MovesTheNamedRows_Float(int width, int rowCount, int sourceOffset) =>
        Check<float>(width, rowCount, sourceOffset, i => i * 0.5f);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Copy_MovesTheNamedRows_Double(int width, int rowCount, int sourceOffset) =>
        Check<double>(width, rowCount, sourceOffset, i => i * 0.25);

    [Fact]
    public void Copy_OfWidthZero_WritesNothing()
    {
        float[] destination = [1, 2, 3];
        unsafe
        {
            fixed (float* d = destination)
            {
                RowGather.Copy<float>(d, 0, [0, 0], d);
            }
        }

        Assert.Equal([1f, 2, 3], destination);
    }

    private static unsafe void Check<T>(int width, int rowCount, int sourceOffset, Func<int, T> value)
        where T : unmanaged, IEquatable<T>
    {
        const int sourceRows = 40;
        var random = new Random((width * 131) + rowCount);

        // The source starts sourceOffset elements into its array, so rows begin at every position in a cache line.
        T[] source = Enumerable.Range(0, sourceOffset + (sourceRows * width)).Select(value).ToArray();
        int[] rows = Enumerable.Range(0, rowCount).Select(_ => random.Next(sourceRows)).ToArray();
        T sentinel = value(-1);
        T[] destination = Enumerable.Repeat(sentinel, (rowCount * width) + 5).ToArray();

        fixed (T* s = source, d = destination)
        {
            RowGather.Copy(s + sourceOffset, width, rows, d);
        }

        for (int r = 0; r < rowCount; r++)
        {
            for (int c = 0; c < width; c++)
            {
                Assert.Equal(source[sourceOffset + (rows[r] * width) + c], destination[(r * width) + c]);
            }
        }

        Assert.All(destination.Skip(rowCount * width), element => Assert.Equal(sentinel, element));
    }
}
