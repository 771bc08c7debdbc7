using System.Numerics;
using VectorNN.Kernels;

namespace VectorNN.Bench.Kernels.Reference;

/// <summary>
/// Scalar twins of <see cref="ActivationKernels"/>: the textbook formulas over <see cref="IFloatingPointIeee754{TSelf}"/>
/// functions (Math/MathF underneath), one element at a time, with no argument checks. They are the benchmark
/// baseline; the tests use formulas of their own.
/// </summary>
internal static class NaiveActivations
{
    public static void Exp<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = T.Exp(x[i]);
        }
    }

    public static void Identity<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i];
        }
    }

    public static void Logistic<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = T.One / (T.One + T.Exp(-x[i]));
        }
    }

    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = T.Tanh(x[i]);
        }
    }

    public static void Relu<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] <= T.Zero ? T.Zero : x[i];
        }
    }

    public static void LeakyRelu<T>(ReadOnlySpan<T> x, T slope, Span<T> y) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] < T.Zero ? slope * x[i] : x[i];
        }
    }

    public static void IdentityBackward<T>(ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T> =>
        Identity(dy, dx);

    public static void LogisticBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < y.Length; i++)
        {
            dx[i] = dy[i] * y[i] * (T.One - y[i]);
        }
    }

    public static void TanhBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < y.Length; i++)
        {
            dx[i] = dy[i] * (T.One - y[i] * y[i]);
        }
    }

    public static void ReluBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < y.Length; i++)
        {
            dx[i] = y[i] > T.Zero ? dy[i] : T.IsNaN(y[i]) ? y[i] : T.Zero;
        }
    }

    public static void LeakyReluBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, T slope, Span<T> dx) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < y.Length; i++)
        {
            dx[i] = y[i] > T.Zero ? dy[i] : T.IsNaN(y[i]) ? y[i] : slope * dy[i];
        }
    }

    public static void Softmax<T>(ReadOnlySpan<T> x, int rows, int columns, Span<T> y) where T : IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> xRow = x.Slice(r * columns, columns);
            Span<T> yRow = y.Slice(r * columns, columns);
            T max = T.NegativeInfinity;
            foreach (T v in xRow)
            {
                max = T.Max(max, v);
            }

            T sum = T.Zero;
            for (int j = 0; j < columns; j++)
            {
                yRow[j] = T.Exp(xRow[j] - max);
                sum += yRow[j];
            }

            for (int j = 0; j < columns; j++)
            {
                yRow[j] /= sum;
            }
        }
    }

    public static void SoftmaxBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, int rows, int columns, Span<T> dx)
        where T : IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            int o = r * columns;
            T dot = T.Zero;
            for (int j = 0; j < columns; j++)
            {
                dot += dy[o + j] * y[o + j];
            }

            for (int j = 0; j < columns; j++)
            {
                dx[o + j] = y[o + j] * (dy[o + j] - dot);
            }
        }
    }
}
