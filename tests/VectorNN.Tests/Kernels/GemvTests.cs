using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VectorNN.Kernels;
using VectorNN.Tests.Oracles;
using Xunit;

namespace VectorNN.Tests.Kernels;

public sealed class GemvTests
{
    [Property(Arbitrary = new[] { typeof(KernelCases) }, MaxTest = 150)]
    public void Multiply_MatchesTheOracle_WithAndWithoutBias(MatrixCase m)
    {
        CheckMultiply<float>(m);
        CheckMultiply<double>(m);
    }

    [Property(Arbitrary = new[] { typeof(KernelCases) }, MaxTest = 150)]
    public void MultiplyTransposed_MatchesTheOracle_OverwritingAndAccumulating(MatrixCase m)
    {
        CheckTransposed<float>(m);
        CheckTransposed<double>(m);
    }

    [Property(Arbitrary = new[] { typeof(KernelCases) }, MaxTest = 100)]
    public void OneNonFiniteWeight_ReachesOnlyTheOutputsItFeeds(MatrixCase m, NonNegativeInt position, NonNegativeInt which)
    {
        if (m.W.Length == 0)
        {
            return;
        }

        double[] w = Values.WithNonFinite(m.W, position, which);
        CheckMultiply<float>(m with { W = w });
        CheckTransposed<double>(m with { W = w });
    }

    // Five rows at every column count: each row's whole vectors and its masked last vector.
    [Fact]
    public void EveryColumnCount_0To260_MatchesTheOracle() => LengthSweep.ForEachLength(n =>
    {
        MatrixCase m = LengthSweep.Matrix(5, n);
        CheckMultiply<float>(m);
        CheckMultiply<double>(m);
        CheckTransposed<float>(m);
        CheckTransposed<double>(m);
    });

    // Enough rows that W outgrows L1 and is read one row at a time, at every column count: each row's whole vectors
    // and its masked last vector, on that path.
    [Fact]
    public void EveryColumnCount_1To260_BeyondL1_MatchesTheOracle() => LengthSweep.ForEachLength(n =>
    {
        if (n == 0)
        {
            return;
        }

        MatrixCase m = LengthSweep.Matrix((48 * 1024 / (sizeof(float) * n)) + 1, n);
        CheckMultiply<float>(m);
        CheckMultiply<double>(m);
    });

    // Matrices large enough that an input off a cache line is copied onto one first: split between threads by rows
    // (96 rows) and not (20 rows). At every offset from a line, the product must be of the input's own elements, read no
    // further than they go. Small integers keep every product and sum exact in float (|sum| <= 4000 * 49 + 7 < 2^24),
    // so the expected values are exact and compared bit for bit.
    [Theory]
    [InlineData(96, 700)]
    [InlineData(20, 4000)]
    public void LargeMatrix_WithTheInputAtAnyOffsetFromACacheLine_GivesTheExactProduct(int rows, int columns)
    {
        var random = new Random(rows);
        float[] w = Enumerable.Range(0, rows * columns).Select(_ => (float)random.Next(-7, 8)).ToArray();
        float[] bias = Enumerable.Range(0, rows).Select(_ => (float)random.Next(-7, 8)).ToArray();
        for (int offset = 0; offset < 16; offset++)
        {
            // The input ends where its array does, so a read past it would throw or read another object.
            float[] buffer = Enumerable.Range(0, offset + columns).Select(_ => (float)random.Next(-7, 8)).ToArray();
            ReadOnlySpan<float> x = buffer.AsSpan(offset);
            var y = new float[rows];
            Gemv.Multiply<float>(w, x, bias, rows, columns, y);
            for (int r = 0; r < rows; r++)
            {
                long expected = (long)bias[r];
                for (int c = 0; c < columns; c++)
                {
                    expected += (long)w[(r * columns) + c] * (long)x[c];
                }

                Assert.Equal((float)expected, y[r]);
            }
        }
    }

    [Fact]
    public void Multiply_IgnoresWhatTheOutputHeld()
    {
        // y is written, never read: NaN already in y must not leak into the result.
        double[] w = [1, 2, 3, 4, 5, 6];
        double[] y = [double.NaN, double.NaN];
        Gemv.Multiply<double>(w, [1, 1, 1], 2, 3, y);
        Assert.Equal(new[] { 6.0, 15.0 }, y);
        double[] g = [double.NaN, double.NaN, double.NaN];
        Gemv.MultiplyTransposed<double>(w, [1, 1], 2, 3, g);
        Assert.Equal(new[] { 5.0, 7.0, 9.0 }, g);
    }

    [Fact]
    public void BadArguments_Throw_AndLeaveTheOutputUntouched()
    {
        double[] w = new double[12], x = new double[4], d = new double[3], b = new double[3];
        double[] y = [7, 7, 7, 7, 7];
        void Throws<TException>(string param, Action call)
            where TException : ArgumentException
        {
            Assert.Equal(param, Assert.Throws<TException>(call).ParamName);
            Assert.All(y, v => Assert.Equal(7.0, v));
        }

        Throws<ArgumentOutOfRangeException>("rows", () => Gemv.Multiply<double>(w, x, b, -1, 4, y));
        Throws<ArgumentOutOfRangeException>("columns", () => Gemv.MultiplyTransposed<double>(w, d, 3, -4, y));
        Throws<ArgumentException>("weights", () => Gemv.Multiply<double>(w.AsSpan(1), x, b, 3, 4, y));
        Throws<ArgumentException>("x", () => Gemv.Multiply<double>(w, x.AsSpan(1), b, 3, 4, y));
        Throws<ArgumentException>("bias", () => Gemv.Multiply<double>(w, x, b.AsSpan(1), 3, 4, y));
        Throws<ArgumentException>("y", () => Gemv.Multiply<double>(w, x, b, 3, 4, y.AsSpan(3)));
        Throws<ArgumentException>("d", () => Gemv.MultiplyTransposed<double>(w, d.AsSpan(1), 3, 4, y));
        Throws<ArgumentException>("g", () => Gemv.MultiplyTransposedAccumulate<double>(w, d, 3, 4, y.AsSpan(2)));
        Throws<ArgumentException>("y", () => Gemv.Multiply<double>(y.AsSpan(0, 4), x.AsSpan(0, 2), 2, 2, y.AsSpan(3, 2)));
        Throws<ArgumentException>("y", () => Gemv.Multiply<double>(w, y.AsSpan(0, 4), b, 3, 4, y.AsSpan(2)));
        Throws<ArgumentException>("g", () => Gemv.MultiplyTransposed<double>(y.AsSpan(0, 2), y.AsSpan(2, 1), 1, 2, y.AsSpan(1, 2)));
        Throws<ArgumentException>("y", () => Gemv.Multiply<double>(w, x, y.AsSpan(0, 3), 3, 4, y.AsSpan(1, 3)));
    }

    private static void CheckMultiply<T>(MatrixCase m)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var w = MathNetOracle.Matrix(m.W, m.Rows, m.Columns);
        var x = MathNetOracle.Vector(m.X);
        double[] wx = (w * x).ToArray();
        double[] wxb = (w * x + MathNetOracle.Vector(m.Bias)).ToArray();
        double Magnitude(int r) => w.Row(r).PointwiseAbs().DotProduct(x.PointwiseAbs());

        T[] tw = Values.As<T>(m.W), tx = Values.As<T>(m.X), tb = Values.As<T>(m.Bias);
        var y = new T[m.Rows];
        Gemv.Multiply<T>(tw, tx, m.Rows, m.Columns, y);
        Compare.Within<T>(y, wx, r => ErrorBound.Sum<T>(m.Columns, Magnitude(r)), "W x");

        Gemv.Multiply<T>(tw, tx, tb, m.Rows, m.Columns, y);
        Compare.Within<T>(y, wxb, r => ErrorBound.Sum<T>(m.Columns, Magnitude(r) + Math.Abs(m.Bias[r])), "W x + b");

        // The bias may be the output itself.
        Gemv.Multiply<T>(tw, tx, tb, m.Rows, m.Columns, tb);
        Assert.Equal(y, tb);
    }

    private static void CheckTransposed<T>(MatrixCase m)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var w = MathNetOracle.Matrix(m.W, m.Rows, m.Columns);
        var d = MathNetOracle.Vector(m.D);
        double[] wtd = w.TransposeThisAndMultiply(d).ToArray();
        double[] accumulated = (w.TransposeThisAndMultiply(d) + MathNetOracle.Vector(m.G)).ToArray();
        double Magnitude(int c) => w.Column(c).PointwiseAbs().DotProduct(d.PointwiseAbs());

        T[] tw = Values.As<T>(m.W), td = Values.As<T>(m.D);
        var g = new T[m.Columns];
        Gemv.MultiplyTransposed<T>(tw, td, m.Rows, m.Columns, g);
        Compare.Within<T>(g, wtd, c => ErrorBound.Sum<T>(m.Rows, Magnitude(c)), "W^T d");

        T[] ga = Values.As<T>(m.G);
        Gemv.MultiplyTransposedAccumulate<T>(tw, td, m.Rows, m.Columns, ga);
        Compare.Within<T>(ga, accumulated, c => ErrorBound.Sum<T>(m.Rows, Magnitude(c) + Math.Abs(m.G[c])), "g + W^T d");
    }
}
