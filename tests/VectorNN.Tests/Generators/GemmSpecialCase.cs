namespace VectorNN.Tests.Generators;

/// <summary>A GEMM problem with exactly one NaN or infinity placed at <see cref="Index"/> of A or of B.</summary>
public sealed record GemmSpecialCase(GemmCase Case, bool InA, int Index, double Value)
{
    /// <summary>The shape and where the special value sits.</summary>
    public override string ToString() => $"{Case} {Value} in {(InA ? "A" : "B")}[{Index}]";
}
