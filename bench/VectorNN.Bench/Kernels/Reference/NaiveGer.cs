using System.Numerics;
using VectorNN.Kernels;

namespace VectorNN.Bench.Kernels.Reference;

/// <summary>The plain loop for <see cref="Ger"/>: the benchmark baseline.</summary>
internal static class NaiveGer
{
    /// <summary>W[r, c] += d[r] * x[c].</summary>
    public static void Accumulate<T>(ReadOnlySpan<T> d, ReadOnlySpan<T> x, int rows, int columns, Span<T> weights)
        where T : IBinaryFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                weights[r * columns + c] += d[r] * x[c];
            }
        }
    }
}
