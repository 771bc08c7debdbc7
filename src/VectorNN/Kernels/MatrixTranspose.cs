namespace VectorNN.Kernels;

/// <summary>How a matrix operand of <see cref="Gemm"/> is stored relative to the shape the product uses.</summary>
public enum MatrixTranspose
{
    /// <summary>The operand is used as stored: a row-major [rows x columns] matrix.</summary>
    None = 0,

    /// <summary>The operand is used transposed: the span holds the row-major [columns x rows] matrix.</summary>
    Transposed = 1,
}
