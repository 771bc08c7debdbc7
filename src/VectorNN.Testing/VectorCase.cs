namespace VectorNN.Testing;

/// <summary>Three vectors of one length, and a scalar: the operands of element-wise kernels and reductions.</summary>
/// <param name="X">The first vector.</param>
/// <param name="Y">The second vector, as long as <paramref name="X"/>.</param>
/// <param name="Z">The third vector, as long as <paramref name="X"/>.</param>
/// <param name="Alpha">A scalar, such as the factor of an axpy.</param>
public sealed record VectorCase(double[] X, double[] Y, double[] Z, double Alpha)
{
    /// <summary>Keeps failure reports short: the shape, not the data.</summary>
    public override string ToString() => $"VectorCase(n={X.Length}, alpha={Alpha})";
}
