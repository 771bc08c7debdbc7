using VectorNN.Kernels;

namespace VectorNN.Tests.Generators;

/// <summary>
/// One GEMM problem: op(A) [m x k], op(B) [k x n] with A and B stored as the transposes say, a prior C [m x n] (the
/// value MultiplyAccumulate adds to, or garbage Multiply must ignore) and a bias [n] for Linear.
/// </summary>
public sealed record GemmCase(
    int M, int N, int K, MatrixTranspose TransposeA, MatrixTranspose TransposeB,
    double[] A, double[] B, double[] C, double[] Bias)
{
    /// <summary>The shape, which is what a failing case needs to show (the arrays are too long to print).</summary>
    public override string ToString() => $"m={M} n={N} k={K} A:{TransposeA} B:{TransposeB}";
}
