using FsCheck;
using FsCheck.Fluent;

namespace VectorNN.Testing;

/// <summary>
/// Dimensions that exercise every SIMD loop: empty, one, primes, and one below, at and above the multiples of 4, 8,
/// 16 and 32 where vector loops change between full vectors, remainders and narrower widths.
/// </summary>
public static class Shapes
{
    /// <summary>The sizes the vector loops treat specially, up to 260, in increasing order.</summary>
    public static IReadOnlyList<int> EdgeSizes { get; } = BuildEdgeSizes(260);

    /// <summary>A dimension in [0, max]: half the time one of <see cref="EdgeSizes"/>, otherwise uniform.</summary>
    /// <param name="max">The largest dimension, zero or more.</param>
    public static Gen<int> Dimension(int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        return Gen.Frequency(
            (1, Gen.Elements(EdgeSizes.Where(s => s <= max).ToArray())),
            (1, Gen.Choose(0, max)));
    }

    /// <summary>
    /// A dimension in [1, max], for shapes where zero is tested separately, such as a layer width: as
    /// <see cref="Dimension"/> with 0 drawn as 1.
    /// </summary>
    /// <param name="max">The largest dimension, one or more.</param>
    public static Gen<int> PositiveDimension(int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return Dimension(max).Select(d => Math.Max(d, 1));
    }

    private static int[] BuildEdgeSizes(int max)
    {
        var sizes = new SortedSet<int> { 0, 1, 2, 3, 5, 7, 11, 13, 17, 31, 37, 61, 67, 127, 131, 251, 257 };
        foreach (int m in new[] { 4, 8, 16, 32, 64 })
        {
            for (int k = m; k <= max; k += m * (m < 16 ? 3 : 2))
            {
                sizes.Add(k - 1);
                sizes.Add(k);
                sizes.Add(k + 1);
            }
        }

        return sizes.Where(s => s <= max).ToArray();
    }
}
