using System.Numerics;
using VectorNN.Kernels;
using Xunit;

namespace VectorNN.Tests.Kernels;

/// <summary>
/// The column kernels against plain scalar loops (per column, rows in order, in double): the kernels promise the same
/// operations in the same order, so the results must be bit-identical, no tolerance.
/// </summary>
public sealed class ColumnsTests
{
    // Widths across every vector width's remainders (a 512-bit vector holds 8 doubles), and the 784 of MNIST images.
    private static readonly int[] Widths = [.. Enumerable.Range(1, 40), 784];

    [Fact]
    public void EveryWidth_Statistics_AreTheScalarLoops_BitForBit()
    {
        foreach (int width in Widths)
        {
            foreach (int count in new[] { 1, 2, 7 })
            {
                Check<float>(width, count);
                Check<double>(width, count);
            }
        }
    }

    [Fact]
    public void Rescale_InPlace_IsTheScalarFormula_BitForBit()
    {
        foreach (int width in Widths)
        {
            Rescale<float>(width, 5);
            Rescale<double>(width, 5);
        }
    }

    [Fact]
    public void MinMax_FollowsMathMinAndMax_ForSignedZerosAndNaN()
    {
        double[] rows = [0.0, -0.0, double.NaN, -0.0, 0.0, 1.0];
        double[] min = [double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity];
        double[] max = [double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity];
        Columns.MinMax<double>(rows, 3, min, max);
        Assert.Equal([Math.Min(0.0, -0.0), Math.Min(-0.0, 0.0), double.NaN], min);
        Assert.True(double.IsNegative(min[0]) && double.IsNegative(min[1]), $"{min[0]} {min[1]}");
        Assert.True(double.IsPositive(max[0]) && double.IsPositive(max[1]) && double.IsNaN(max[2]), string.Join(" ", max));
    }

    // Values far from zero with a small spread (offset 1e4, spread about 1), signed zeros and repeated values: what
    // exposes a changed order or a fused multiply-add.
    private static T[] Rows<T>(int width, int count)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random((width * 131) + count);
        return Enumerable.Range(0, width * count).Select(i => T.CreateTruncating(
            (i % 5) switch
            {
                0 => -0.0,
                1 => 1e4 + random.NextDouble(),
                2 => random.NextDouble() - 0.5,
                _ => Math.Round(random.NextDouble() * 255) / 255,
            })).ToArray();
    }

    private static void Check<T>(int width, int count)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] rows = Rows<T>(width, count);
        var sums = new double[width];
        Columns.Sum<T>(rows, width, sums);
        double[] means = sums.Select(s => s / count).ToArray();
        var squares = new double[width];
        Columns.SumSquaredDeviations<T>(rows, width, means, squares);
        double[] min = Enumerable.Repeat(double.PositiveInfinity, width).ToArray();
        double[] max = Enumerable.Repeat(double.NegativeInfinity, width).ToArray();
        Columns.MinMax<T>(rows, width, min, max);

        for (int j = 0; j < width; j++)
        {
            double sum = 0, square = 0, least = double.PositiveInfinity, most = double.NegativeInfinity;
            for (int i = 0; i < count; i++)
            {
                double x = double.CreateTruncating(rows[(i * width) + j]);
                sum += x;
                double d = x - means[j];
                square += d * d;
                least = Math.Min(least, x);
                most = Math.Max(most, x);
            }

            string where = $"{typeof(T).Name} width {width} count {count} column {j}";
            Assert.True(sum.Equals(sums[j]), $"{where}: sum {sum:R} != {sums[j]:R}");
            Assert.True(square.Equals(squares[j]), $"{where}: squared deviations {square:R} != {squares[j]:R}");
            Assert.True(least.Equals(min[j]) && most.Equals(max[j]), $"{where}: min/max {least}/{most} != {min[j]}/{max[j]}");
        }
    }

    private static void Rescale<T>(int width, int count)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] rows = Rows<T>(width, count);
        double[] offsets = Enumerable.Range(0, width).Select(j => (j * 0.37) - 3).ToArray();
        double[] scales = Enumerable.Range(0, width).Select(j => j % 3 == 0 ? 1 : (j * 0.11) - 1.7).ToArray();
        T[] expected = rows.Select((x, i) => T.CreateTruncating((double.CreateTruncating(x) - offsets[i % width]) / scales[i % width])).ToArray();
        Columns.Rescale<T>(rows, width, offsets, scales);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.True(expected[i].Equals(rows[i]), $"{typeof(T).Name} width {width} element {i}: expected {expected[i]}, got {rows[i]}");
        }
    }
}
