namespace VectorNN.Tests.Oracles;

/// <summary>The plain loops a C# programmer would write for <see cref="VectorNN.Kernels.Int8.Int8Gemm"/>: the test oracle and the benchmark baseline.</summary>
internal static class NaiveInt8Gemm
{
    /// <summary>y[n, r] = sum over k of x[n, k] * w[r, k], in 64 bits, so a sum beyond 32 bits is seen rather than wrapped.</summary>
    public static void Multiply(ReadOnlySpan<byte> x, ReadOnlySpan<sbyte> w, int batch, int rows, int columns, Span<long> y)
    {
        for (int n = 0; n < batch; n++)
        {
            for (int r = 0; r < rows; r++)
            {
                long sum = 0;
                for (int k = 0; k < columns; k++)
                {
                    sum += x[(n * columns) + k] * w[(r * columns) + k];
                }

                y[(n * rows) + r] = sum;
            }
        }
    }
}
