using System.Numerics;
using VectorNN.Kernels;

namespace VectorNN.Bench.Kernels.Reference;

/// <summary>The plain loops a C# programmer would write for <see cref="Gemv"/>: the benchmark baseline.</summary>
internal static class NaiveGemv
{
    /// <summary>y = W x + bias, W [rows x columns].</summary>
    public static void Multiply<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> x, ReadOnlySpan<T> bias, int rows, int columns, Span<T> y)
        where T : IBinaryFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            T sum = bias[r];
            for (int c = 0; c < columns; c++)
            {
                sum += weights[r * columns + c] * x[c];
            }

            y[r] = sum;
        }
    }

    /// <summary>g = W^T d, W [rows x columns].</summary>
    public static void MultiplyTransposed<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> d, int rows, int columns, Span<T> g)
        where T : IBinaryFloatingPointIeee754<T>
    {
        g[..columns].Clear();
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                g[c] += d[r] * weights[r * columns + c];
            }
        }
    }
}
