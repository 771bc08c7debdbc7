using MathNet.Numerics.LinearAlgebra;

namespace VectorNN.Tests.Oracles;

/// <summary>
/// op(A) op(B) computed by MathNet in double, with the per-element sums of product magnitudes that
/// <see cref="ErrorBound.Sum{T}"/> scales into a tolerance.
/// </summary>
public static class GemmOracle
{
    /// <summary>
    /// Returns C = op(A) op(B) [m x n] row-major and, per element, sum_p |op(A)_ip op(B)_pj|. A is stored [m x k]
    /// ([k x m] when <paramref name="transposeA"/>), B [k x n] ([n x k] when <paramref name="transposeB"/>).
    /// </summary>
    public static (double[] Product, double[] Magnitudes) Multiply(
        double[] a, bool transposeA, double[] b, bool transposeB, int m, int n, int k)
    {
        // MathNet rejects empty matrices; an empty sum is zero.
        if (m == 0 || n == 0 || k == 0)
        {
            return (new double[m * n], new double[m * n]);
        }

        Matrix<double> opA = transposeA ? MathNetOracle.Matrix(a, k, m).Transpose() : MathNetOracle.Matrix(a, m, k);
        Matrix<double> opB = transposeB ? MathNetOracle.Matrix(b, n, k).Transpose() : MathNetOracle.Matrix(b, k, n);
        return (MathNetOracle.RowMajor(opA * opB), MathNetOracle.RowMajor(opA.PointwiseAbs() * opB.PointwiseAbs()));
    }
}
