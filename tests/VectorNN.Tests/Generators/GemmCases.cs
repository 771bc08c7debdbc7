using FsCheck;
using FsCheck.Fluent;
using VectorNN.Kernels;

namespace VectorNN.Tests.Generators;

/// <summary>FsCheck arbitraries for the GEMM properties.</summary>
public static class GemmCases
{
    /// <summary>The largest m, n and k drawn: past 256, so every tile edge and vector remainder occurs.</summary>
    public const int MaxDimension = 260;

    /// <summary>Random shapes in [0, <see cref="MaxDimension"/>], all four transpose combinations, finite values.</summary>
    public static Arbitrary<GemmCase> Case() => Generate(Shapes.Dimension(MaxDimension)).ToArbitrary();

    /// <summary>Non-empty shapes up to 40 with one NaN or infinity in A or B.</summary>
    public static Arbitrary<GemmSpecialCase> Special() =>
        (from gemm in Generate(Shapes.PositiveDimension(40))
         from inA in Gen.Elements(true, false)
         from index in Gen.Choose(0, gemm.M * gemm.K * gemm.N - 1)
         from value in Gen.Elements(Values.NonFinite.ToArray())
         select new GemmSpecialCase(gemm, inA, index % (inA ? gemm.A.Length : gemm.B.Length), value))
        .ToArbitrary();

    private static Gen<GemmCase> Generate(Gen<int> dimension) => Generate(dimension, dimension);

    /// <summary>Shapes whose C has 1 to <see cref="MaxNarrowColumns"/> columns (a layer with few outputs).</summary>
    internal static Gen<GemmCase> Narrow() => Generate(Shapes.Dimension(MaxDimension), Gen.Choose(1, MaxNarrowColumns));

    /// <summary>
    /// Shapes with 1 to <see cref="MaxShortRows"/> rows, more columns than rows and B stored transposed (the forward
    /// pass of a small batch, X W^T), the shapes of the swapped narrow path.
    /// </summary>
    internal static Gen<GemmCase> Short() =>
        from m in Gen.Choose(1, MaxShortRows)
        from n in Gen.Choose(m + 1, MaxDimension)
        from k in Shapes.Dimension(MaxDimension)
        from transposeA in Gen.Elements(MatrixTranspose.None, MatrixTranspose.Transposed)
        from a in Values.Array(m * k)
        from b in Values.Array(k * n)
        from c in Values.Array(m * n)
        from bias in Values.Array(n)
        select new GemmCase(m, n, k, transposeA, MatrixTranspose.Transposed, a, b, c, bias);

    /// <summary>The most rows of <see cref="Short"/>: the swapped narrow path's limit.</summary>
    public const int MaxShortRows = 32;

    /// <summary>The widest C of <see cref="Narrow"/>: past one 512-bit register of floats, so a second column panel occurs.</summary>
    public const int MaxNarrowColumns = 20;

    private static Gen<GemmCase> Generate(Gen<int> dimension, Gen<int> columns) =>
        from m in dimension
        from n in columns
        from k in dimension
        from transposeA in Gen.Elements(MatrixTranspose.None, MatrixTranspose.Transposed)
        from transposeB in Gen.Elements(MatrixTranspose.None, MatrixTranspose.Transposed)
        from a in Values.Array(m * k)
        from b in Values.Array(k * n)
        from c in Values.Array(m * n)
        from bias in Values.Array(n)
        select new GemmCase(m, n, k, transposeA, transposeB, a, b, c, bias);
}

/// <summary>FsCheck arbitraries for C with few rows and B stored transposed, the shapes the swapped narrow path serves.</summary>
public static class GemmShortCases
{
    /// <summary>m in [1, <see cref="GemmCases.MaxShortRows"/>], n in (m, <see cref="GemmCases.MaxDimension"/>], k in [0, <see cref="GemmCases.MaxDimension"/>], B transposed.</summary>
    public static Arbitrary<GemmCase> Case() => GemmCases.Short().ToArbitrary();
}

/// <summary>FsCheck arbitraries for C with few columns, the shapes the narrow GEMM path serves.</summary>
public static class GemmNarrowCases
{
    /// <summary>m and k in [0, <see cref="GemmCases.MaxDimension"/>], n in [1, <see cref="GemmCases.MaxNarrowColumns"/>], all four transpose combinations.</summary>
    public static Arbitrary<GemmCase> Case() => GemmCases.Narrow().ToArbitrary();
}
