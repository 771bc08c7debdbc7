using System.Numerics;
using VectorNN.Kernels;

namespace VectorNN.Bench.Kernels.Reference;

/// <summary>
/// The textbook triple loop with the same meaning as <see cref="Gemm"/>: the benchmark baseline that shows what
/// blocking, packing and the micro-kernel buy. It does not validate its arguments.
/// </summary>
internal static class NaiveGemm
{
    // A: [m, k] or stored [k, m]  B: [k, n] or stored [n, k]  C: [m, n]
    public static void Multiply<T>(
        ReadOnlySpan<T> a, MatrixTranspose transposeA, ReadOnlySpan<T> b, MatrixTranspose transposeB,
        int m, int n, int k, Span<T> c)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        c[..(m * n)].Clear();
        MultiplyAccumulate(a, transposeA, b, transposeB, m, n, k, c);
    }

    public static void MultiplyAccumulate<T>(
        ReadOnlySpan<T> a, MatrixTranspose transposeA, ReadOnlySpan<T> b, MatrixTranspose transposeB,
        int m, int n, int k, Span<T> c)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        bool ta = transposeA == MatrixTranspose.Transposed;
        bool tb = transposeB == MatrixTranspose.Transposed;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T sum = c[i * n + j];
                for (int p = 0; p < k; p++)
                {
                    sum += a[ta ? p * m + i : i * k + p] * b[tb ? j * k + p : p * n + j];
                }

                c[i * n + j] = sum;
            }
        }
    }

    // x: [batch, in]  W: [out, in]  bias: [out]  y: [batch, out]
    public static void Linear<T>(
        ReadOnlySpan<T> x, ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, int batch, int inFeatures, int outFeatures,
        Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < batch; i++)
        {
            bias[..outFeatures].CopyTo(y.Slice(i * outFeatures, outFeatures));
        }

        MultiplyAccumulate(x, MatrixTranspose.None, weights, MatrixTranspose.Transposed, batch, outFeatures, inFeatures, y);
    }
}
