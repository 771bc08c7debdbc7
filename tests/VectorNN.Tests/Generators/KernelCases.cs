using FsCheck;
using FsCheck.Fluent;

namespace VectorNN.Tests.Generators;

/// <summary>Three vectors of one random length, and a random scalar.</summary>
public sealed record VectorCase(double[] X, double[] Y, double[] Z, double Alpha)
{
    /// <summary>Keeps failure reports short: the shape, not the data.</summary>
    public override string ToString() => $"VectorCase(n={X.Length}, alpha={Alpha})";
}

/// <summary>A random row-major matrix W [rows x columns] with vectors that fit it on either side.</summary>
public sealed record MatrixCase(int Rows, int Columns, double[] W, double[] X, double[] D, double[] Bias, double[] G)
{
    /// <summary>Keeps failure reports short: the shape, not the data.</summary>
    public override string ToString() => $"MatrixCase({Rows} x {Columns})";
}

/// <summary>FsCheck arbitraries for the kernel properties: <c>[Property(Arbitrary = new[] { typeof(KernelCases) })]</c>.</summary>
public static class KernelCases
{
    /// <summary>Vectors whose length is drawn from <see cref="Shapes.Dimension"/> up to 260.</summary>
    public static Arbitrary<VectorCase> Vectors() =>
        (from n in Shapes.Dimension(260)
         from x in Values.Array(n)
         from y in Values.Array(n)
         from z in Values.Array(n)
         from alpha in Values.Finite
         select new VectorCase(x, y, z, alpha)).ToArbitrary();

    /// <summary>Matrices up to 70 x 260, so both row blocking and column remainders are exercised.</summary>
    public static Arbitrary<MatrixCase> Matrices() =>
        (from rows in Shapes.Dimension(70)
         from columns in Shapes.Dimension(260)
         from w in Values.Array(rows * columns)
         from x in Values.Array(columns)
         from d in Values.Array(rows)
         from bias in Values.Array(rows)
         from g in Values.Array(columns)
         select new MatrixCase(rows, columns, w, x, d, bias, g)).ToArbitrary();
}
