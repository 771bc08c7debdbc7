using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VectorNN.Kernels;
using VectorNN.Tests.Oracles;
using Xunit;

namespace VectorNN.Tests.Kernels;

public sealed class GerTests
{
    [Property(Arbitrary = new[] { typeof(KernelCases) }, MaxTest = 150)]
    public void Accumulate_MatchesTheOracle(MatrixCase m)
    {
        Check<float>(m);
        Check<double>(m);
    }

    [Property(Arbitrary = new[] { typeof(KernelCases) }, MaxTest = 100)]
    public void OneNonFiniteInput_ReachesItsRowOrColumn(MatrixCase m, NonNegativeInt position, NonNegativeInt which)
    {
        if (m.Rows == 0 || m.Columns == 0)
        {
            return;
        }

        Check<float>(m with { D = Values.WithNonFinite(m.D, position, which) });
        Check<double>(m with { X = Values.WithNonFinite(m.X, position, which) });
    }

    [Fact]
    public void EveryColumnCount_0To260_MatchesTheOracle() => LengthSweep.ForEachLength(n =>
    {
        MatrixCase m = LengthSweep.Matrix(3, n);
        Check<float>(m);
        Check<double>(m);
    });

    [Fact]
    public void InfiniteDeltaTimesZeroInput_IsNaN()
    {
        double[] w = [1, 1, 1, 1];
        Ger.Accumulate<double>([double.PositiveInfinity, 1], [0, 2], 2, 2, w);
        Assert.True(double.IsNaN(w[0]), $"inf * 0 + 1 must be NaN, got {w[0]}");
        Assert.Equal(new[] { double.PositiveInfinity, 1, 3 }, w[1..]);
    }

    [Fact]
    public void BadArguments_Throw_AndLeaveTheMatrixUntouched()
    {
        double[] w = Enumerable.Repeat(3.0, 12).ToArray();
        void Throws<TException>(string param, Action call)
            where TException : ArgumentException
        {
            Assert.Equal(param, Assert.Throws<TException>(call).ParamName);
            Assert.All(w, v => Assert.Equal(3.0, v));
        }

        Throws<ArgumentOutOfRangeException>("rows", () => Ger.Accumulate<double>(new double[3], new double[4], -3, 4, w));
        Throws<ArgumentOutOfRangeException>("columns", () => Ger.Accumulate<double>(new double[3], new double[4], 3, -1, w));
        Throws<ArgumentException>("d", () => Ger.Accumulate<double>(new double[2], new double[4], 3, 4, w));
        Throws<ArgumentException>("x", () => Ger.Accumulate<double>(new double[3], new double[3], 3, 4, w));
        Throws<ArgumentException>("weights", () => Ger.Accumulate<double>(new double[3], new double[4], 3, 4, w.AsSpan(1)));
        Throws<ArgumentException>("weights", () => Ger.Accumulate<double>(w.AsSpan(0, 2), new double[5], 2, 5, w.AsSpan(1, 10)));
    }

    private static void Check<T>(MatrixCase m)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var w = MathNetOracle.Matrix(m.W, m.Rows, m.Columns);
        // Built element by element: MathNet's OuterProduct skips zero factors (see MathNetOracle.Scale).
        var outer = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(m.Rows, m.Columns, (i, j) => m.D[i] * m.X[j]);
        double[] expected = MathNetOracle.RowMajor(w + outer);

        T[] tw = Values.As<T>(m.W);
        Ger.Accumulate<T>(Values.As<T>(m.D), Values.As<T>(m.X), m.Rows, m.Columns, tw);

        // One multiply-add per element: two roundings at most.
        Compare.Within<T>(tw, expected, i => ErrorBound.Sum<T>(2, Math.Abs(m.W[i]) + Math.Abs(m.D[i / Math.Max(m.Columns, 1)] * m.X[i % Math.Max(m.Columns, 1)])), "W + d x^T");
    }
}
