namespace VectorNN.Testing;

/// <summary>
/// A row-major matrix W [rows x columns] with vectors that fit it on either side: the operands of a dense layer's
/// forward (W x + b) and backward (W^T d, d x^T) products.
/// </summary>
/// <param name="Rows">The number of rows (a layer's outputs).</param>
/// <param name="Columns">The number of columns (a layer's inputs).</param>
/// <param name="W">The matrix, row-major.</param>
/// <param name="X">A vector of <paramref name="Columns"/> elements, such as a layer's input.</param>
/// <param name="D">A vector of <paramref name="Rows"/> elements, such as the gradient of a layer's output.</param>
/// <param name="Bias">A vector of <paramref name="Rows"/> elements.</param>
/// <param name="G">A vector of <paramref name="Columns"/> elements, such as a prior input gradient.</param>
public sealed record MatrixCase(int Rows, int Columns, double[] W, double[] X, double[] D, double[] Bias, double[] G)
{
    /// <summary>Keeps failure reports short: the shape, not the data.</summary>
    public override string ToString() => $"MatrixCase({Rows} x {Columns})";
}
