namespace VectorNN.Testing;

/// <summary>
/// Deterministic sweeps over every length from 0 to <see cref="MaxLength"/>, as System.Numerics.Tensors tests its
/// kernels: every full-vector count, every remainder and every narrower width a length can select, at each of the
/// SIMD widths (run the sweep under each width the machine offers). Values come from a fixed seed per length on the grid of <see cref="Values.Finite"/>.
/// </summary>
public static class LengthSweep
{
    /// <summary>Past four 512-bit vectors of float plus a remainder: 260 = 4 * 64 + 4.</summary>
    public const int MaxLength = 260;

    /// <summary>Runs <paramref name="check"/> for every length 0..<see cref="MaxLength"/>; a failure names its length.</summary>
    /// <param name="check">The check of one length; it fails by throwing.</param>
    /// <exception cref="CheckFailedException">The check failed for a length; the inner exception is its failure.</exception>
    public static void ForEachLength(Action<int> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        for (int n = 0; n <= MaxLength; n++)
        {
            try
            {
                check(n);
            }
            catch (Exception e)
            {
                throw new CheckFailedException($"length {n}: {e.Message}", e);
            }
        }
    }

    /// <summary><paramref name="n"/> values in [-4, 4] on the 2^-16 grid, the same for the same arguments.</summary>
    /// <param name="n">The number of values.</param>
    /// <param name="stream">Tells apart the arrays of one length (say 1 for x, 2 for y).</param>
    public static double[] Grid(int n, int stream)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var random = new Random((n * 31) + stream);
        return Enumerable.Range(0, n).Select(_ => random.Next(-(4 << 16), (4 << 16) + 1) / 65536.0).ToArray();
    }

    /// <summary>Three vectors of length <paramref name="n"/> and a scale, all on the grid.</summary>
    /// <param name="n">The length.</param>
    public static VectorCase Vectors(int n) => new(Grid(n, 1), Grid(n, 2), Grid(n, 3), Grid(1, n + 4)[0]);

    /// <summary>A <paramref name="rows"/> x <paramref name="columns"/> matrix with vectors that fit it, on the grid.</summary>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    public static MatrixCase Matrix(int rows, int columns) =>
        new(rows, columns, Grid(rows * columns, 5), Grid(columns, 6), Grid(rows, 7), Grid(rows, 8), Grid(columns, 9));
}
