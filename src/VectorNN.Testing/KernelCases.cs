using FsCheck;
using FsCheck.Fluent;

namespace VectorNN.Testing;

/// <summary>
/// FsCheck arbitraries for kernel properties, vectors and matrices whose dimensions fall around the SIMD vector
/// boundaries (<see cref="Shapes.Dimension"/>): <c>[Property(Arbitrary = new[] { typeof(KernelCases) })]</c>.
/// </summary>
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
