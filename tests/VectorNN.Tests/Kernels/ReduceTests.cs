using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VectorNN.Kernels;
using VectorNN.Tests.Oracles;
using Xunit;

namespace VectorNN.Tests.Kernels;

public sealed class ReduceTests
{
    [Property(Arbitrary = new[] { typeof(KernelCases) }, MaxTest = 200)]
    public void Dot_And_Sum_MatchTheOracle_WithinTheSummationBound(VectorCase c)
    {
        CheckSums<float>(c);
        CheckSums<double>(c);
    }

    [Property(Arbitrary = new[] { typeof(KernelCases) }, MaxTest = 150)]
    public void OneNonFiniteValue_Propagates_WhereverItSits(VectorCase c, NonNegativeInt position, NonNegativeInt which)
    {
        if (c.X.Length == 0)
        {
            return;
        }

        double[] x = Values.WithNonFinite(c.X, position, which);
        CheckSums<float>(c with { X = x });
        CheckSums<double>(c with { X = x });

        // A NaN anywhere is the maximum and its index; an infinity is found like any value.
        Assert.Equal(ScanArgMax(x), Reduce.ArgMax<double>(x));
        Assert.Equal(x[ScanArgMax(x)], Reduce.Max<double>(x));
    }

    [Property(Arbitrary = new[] { typeof(KernelCases) }, MaxTest = 150)]
    public void AllFinite_IsFalseExactlyWhenANaNOrInfinitySitsAnywhere(VectorCase c, NonNegativeInt position, NonNegativeInt which)
    {
        Assert.True(Reduce.AllFinite<double>(c.X));
        Assert.True(Reduce.AllFinite<float>(Values.As<float>(c.X)));
        if (c.X.Length == 0)
        {
            return;
        }

        double[] special = Values.WithNonFinite(c.X, position, which);
        Assert.False(Reduce.AllFinite<double>(special));
        Assert.False(Reduce.AllFinite<float>(Values.As<float>(special)));

        // The largest finite values neither overflow the check nor count as infinite.
        double[] huge = Array.ConvertAll(c.X, v => v < 0 ? double.MinValue : double.MaxValue);
        Assert.True(Reduce.AllFinite<double>(huge));
        Assert.True(Reduce.AllFinite<float>(Array.ConvertAll(c.X, v => v < 0 ? float.MinValue : float.MaxValue)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65_599)]
    [InlineData(65_600)]
    [InlineData(131_108)]
    public void AllFinite_OfAVectorLongEnoughToSplitBetweenThreads_FindsANaNInAnyPart(int position)
    {
        // Long enough for the check to split (from 65,536 elements), with a ragged last part; a NaN or infinity at
        // either end of a part, or in the last one, must still decide the answer, on one thread and on all. The finite
        // values reach float.MaxValue, so nothing may overflow into an infinity either.
        var x = new float[131_109];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(((i % 7) - 3) / 3.0 * float.MaxValue);
        }

        foreach (int threads in new[] { 1, 2, 3 })
        {
            using Parallelism.Scope limit = Parallelism.Limit(threads);
            Assert.True(Reduce.AllFinite<float>(x));
            x[position] = float.NaN;
            Assert.False(Reduce.AllFinite<float>(x));
            x[position] = float.NegativeInfinity;
            Assert.False(Reduce.AllFinite<float>(x));
            x[position] = 0;
        }
    }

    [Property(Arbitrary = new[] { typeof(KernelCases) }, MaxTest = 200)]
    public void Max_And_ArgMax_AgreeWithAScan(VectorCase c)
    {
        if (c.X.Length == 0)
        {
            return;
        }

        int expected = ScanArgMax(c.X);
        Assert.Equal(expected, Reduce.ArgMax<double>(c.X));
        Assert.Equal(expected, Reduce.ArgMax<float>(Values.As<float>(c.X)));
        Assert.Equal(c.X[expected], Reduce.Max<double>(c.X));
        Assert.Equal((float)c.X[expected], Reduce.Max<float>(Values.As<float>(c.X)));
    }

    [Property(Arbitrary = new[] { typeof(KernelCases) }, MaxTest = 100)]
    public void RowReductions_AgreeWithTheOracle(MatrixCase m)
    {
        var sums = new double[m.Rows];
        Reduce.SumRows<double>(m.W, m.Rows, m.Columns, sums);
        var oracle = MathNetOracle.Matrix(m.W, m.Rows, m.Columns);
        Compare.Within<double>(sums, oracle.RowSums().ToArray(), r => ErrorBound.Sum<double>(m.Columns, oracle.Row(r).L1Norm()), "SumRows");

        var argMax = new int[m.Rows];
        Reduce.ArgMaxRows<float>(Values.As<float>(m.W), m.Rows, m.Columns, argMax);
        for (int r = 0; r < m.Rows; r++)
        {
            Assert.Equal(m.Columns == 0 ? -1 : ScanArgMax(m.W.AsSpan(r * m.Columns, m.Columns)), argMax[r]);
        }

        if (m.Columns > 0)
        {
            var max = new float[m.Rows];
            Reduce.MaxRows<float>(Values.As<float>(m.W), m.Rows, m.Columns, max);
            Assert.Equal(Enumerable.Range(0, m.Rows).Select(r => (float)oracle.Row(r).Maximum()), max);
        }

        // Column sums accumulate into the destination: the bias gradient of a batch.
        float[] columnSums = Values.As<float>(m.G);
        Reduce.AccumulateColumnSums<float>(Values.As<float>(m.W), m.Rows, m.Columns, columnSums);
        double[] expected = (oracle.ColumnSums() + MathNetOracle.Vector(m.G)).ToArray();
        Compare.Within<float>(columnSums, expected, j => ErrorBound.Sum<float>(m.Rows + 1, oracle.Column(j).L1Norm() + Math.Abs(m.G[j])), "AccumulateColumnSums");
    }

    [Fact]
    public void EveryLength_0To260_MatchesTheOracle() => LengthSweep.ForEachLength(n =>
    {
        VectorCase c = LengthSweep.Vectors(n);
        CheckSums<float>(c);
        CheckSums<double>(c);
        Max_And_ArgMax_AgreeWithAScan(c);
        AllFinite_IsFalseExactlyWhenANaNOrInfinitySitsAnywhere(c, NonNegativeInt.NewNonNegativeInt(n / 2), NonNegativeInt.NewNonNegativeInt(n));

        // Rows of every length: the row kernels run the reductions once per row.
        RowReductions_AgreeWithTheOracle(LengthSweep.Matrix(3, n));
    });

    [Fact]
    public void Max_FollowsIeeeMaximum_ForSignedZeroAndNaN()
    {
        for (int n = 1; n <= 70; n++)
        {
            for (int p = 0; p < n; p++)
            {
                var zeros = Enumerable.Repeat(-0.0f, n).ToArray();
                zeros[p] = 0.0f;
                Assert.False(float.IsNegative(Reduce.Max<float>(zeros)), $"n={n}: +0 must beat -0");
                Assert.Equal(p, Reduce.ArgMax<float>(zeros));

                var withNaN = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
                withNaN[p] = double.NaN;
                Assert.True(double.IsNaN(Reduce.Max<double>(withNaN)), $"n={n}, NaN at {p}");
                Assert.Equal(p, Reduce.ArgMax<double>(withNaN));
            }
        }
    }

    [Fact]
    public void EmptyInputs_HaveDefinedResults()
    {
        Assert.Equal(0.0, Reduce.Sum<double>([]));
        Assert.Equal(0f, Reduce.Dot<float>([], []));
        Assert.Equal(-1, Reduce.ArgMax<float>([]));
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Reduce.Max<double>([])).ParamName);
    }

    [Fact]
    public void BadArguments_Throw_AndLeaveTheDestinationUntouched()
    {
        var destination = new double[] { 1, 2, 3 };
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Reduce.Dot<double>(new double[3], new double[2])).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => Reduce.SumRows<double>(new double[6], -1, 2, destination)).ParamName);
        Assert.Equal("matrix", Assert.Throws<ArgumentException>(() => Reduce.SumRows<double>(new double[5], 3, 2, destination)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Reduce.ArgMaxRows<double>(new double[8], 4, 2, new int[3])).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => Reduce.MaxRows<double>(new double[0], 3, 0, destination)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Reduce.AccumulateColumnSums<double>(new double[6], 2, 3, destination.AsSpan(0, 2))).ParamName);
        double[] shared = new double[12];
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Reduce.AccumulateColumnSums<double>(shared.AsSpan(0, 9), 3, 3, shared.AsSpan(8, 3))).ParamName);
        Assert.Equal(new double[] { 1, 2, 3 }, destination);
    }

    private static void CheckSums<T>(VectorCase c)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] x = Values.As<T>(c.X), y = Values.As<T>(c.Y);
        double dot = MathNetOracle.Vector(c.X).DotProduct(MathNetOracle.Vector(c.Y));
        double dotMagnitude = c.X.Zip(c.Y, (a, b) => Math.Abs(a * b)).Sum();
        Compare.Within<T>([Reduce.Dot<T>(x, y)], [dot], _ => ErrorBound.Sum<T>(x.Length, dotMagnitude), "Dot");

        double sum = MathNetOracle.Vector(c.X).Sum();
        Compare.Within<T>([Reduce.Sum<T>(x)], [sum], _ => ErrorBound.Sum<T>(x.Length, c.X.Sum(Math.Abs)), "Sum");
    }

    private static int ScanArgMax(ReadOnlySpan<double> x)
    {
        int best = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (double.IsNaN(x[i]))
            {
                return i;
            }

            if (x[i] > x[best] || (x[i] == x[best] && double.IsNegative(x[best]) && !double.IsNegative(x[i])))
            {
                best = i;
            }
        }

        return best;
    }
}
