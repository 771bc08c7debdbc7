namespace VectorNN.Benchmarks;

/// <summary>
/// A benchmark class whose operation count follows from its parameters, so <see cref="GflopsColumn"/> can turn a
/// time into a rate. The column creates an instance, sets the case's parameters on it and reads <see cref="Flops"/>.
/// </summary>
public interface IFlopCounted
{
    /// <summary>Floating-point operations in one call of each benchmark method (2 m n k for a GEMM).</summary>
    double Flops { get; }
}
