using System.Numerics;
using VectorNN.Kernels;

namespace VectorNN.Bench.Kernels.Reference;

/// <summary>The plain loops for <see cref="Reduce"/> and <see cref="ElementWise"/>: the benchmark baseline.</summary>
internal static class NaiveReduce
{
    /// <summary>The sum of x[i] * y[i], left to right.</summary>
    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
        where T : IBinaryFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int i = 0; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }

    /// <summary>y[i] += alpha * x[i].</summary>
    public static void AccumulateScaled<T>(ReadOnlySpan<T> x, T alpha, Span<T> y)
        where T : IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] += alpha * x[i];
        }
    }
}
