using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathNet.Numerics.LinearAlgebra;
using VectorNN.Kernels;
using VectorNN.Tests.Oracles;
using Xunit;

namespace VectorNN.Tests.Kernels;

/// <summary>
/// Every activation and its backward kernel, in float and double, out of place (into a longer destination whose
/// tail must keep its sentinel) and in place (which must give the same bits), against formulas evaluated in double
/// here; softmax's backward against an explicit Jacobian from MathNet. Accuracy of exp/tanh/logistic over wide
/// ranges is measured in <see cref="ExpTanhAccuracyTests"/>; these tests check the kernels' plumbing and IEEE cases.
/// </summary>
public sealed class ActivationKernelsTests
{
    private delegate void UnaryKernel<T>(ReadOnlySpan<T> x, Span<T> y);

    private delegate void BinaryKernel<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx);

    private const int Tail = 3;
    private const double Sentinel = 7777.25;

    // ---- Forward ---------------------------------------------------------------------------------------------

    [Property(Arbitrary = new[] { typeof(ActivationArbitraries) })]
    public void Exp_MatchesMathExp(Vector input)
    {
        AssertUnary<float>(input.Values, ActivationKernels.Exp, Math.Exp, Transcendental<float>);
        AssertUnary<double>(input.Values, ActivationKernels.Exp, Math.Exp, Transcendental<double>);
    }

    [Property(Arbitrary = new[] { typeof(ActivationArbitraries) })]
    public void Logistic_MatchesStableFormula(Vector input)
    {
        AssertUnary<float>(input.Values, ActivationKernels.Logistic, Logistic, Transcendental<float>);
        AssertUnary<double>(input.Values, ActivationKernels.Logistic, Logistic, Transcendental<double>);
    }

    [Property(Arbitrary = new[] { typeof(ActivationArbitraries) })]
    public void Tanh_MatchesMathTanh(Vector input)
    {
        AssertUnary<float>(input.Values, ActivationKernels.Tanh, Math.Tanh, Transcendental<float>);
        AssertUnary<double>(input.Values, ActivationKernels.Tanh, Math.Tanh, Transcendental<double>);
    }

    [Property(Arbitrary = new[] { typeof(ActivationArbitraries) })]
    public void Relu_IsExact(Vector input)
    {
        AssertUnary<float>(input.Values, ActivationKernels.Relu, Relu, Exact);
        AssertUnary<double>(input.Values, ActivationKernels.Relu, Relu, Exact);
    }

    [Property(Arbitrary = new[] { typeof(ActivationArbitraries) })]
    public void LeakyRelu_IsTheCorrectlyRoundedProduct(Vector input, Slope slope)
    {
        AssertLeakyRelu<float>(input.Values, slope.Value);
        AssertLeakyRelu<double>(input.Values, slope.Value);
    }

    [Property(Arbitrary = new[] { typeof(ActivationArbitraries) })]
    public void Identity_CopiesValues(Vector input)
    {
        AssertUnary<float>(input.Values, ActivationKernels.Identity, v => v, Exact);
        AssertUnary<double>(input.Values, ActivationKernels.Identity, v => v, Exact);
    }

    // ---- Backward --------------------------------------------------------------------------------------------

    [Property(Arbitrary = new[] { typeof(ActivationArbitraries) })]
    public void LogisticBackward_MatchesFormula(Pair input)
    {
        AssertBinary<float>(input, ActivationKernels.LogisticBackward, LogisticDerivative, Products<float>);
        AssertBinary<double>(input, ActivationKernels.LogisticBackward, LogisticDerivative, Products<double>);
    }

    [Property(Arbitrary = new[] { typeof(ActivationArbitraries) })]
    public void TanhBackward_MatchesFormula(Pair input)
    {
        AssertBinary<float>(input, ActivationKernels.TanhBackward, TanhDerivative, Products<float>);
        AssertBinary<double>(input, ActivationKernels.TanhBackward, TanhDerivative, Products<double>);
    }

    [Property(Arbitrary = new[] { typeof(ActivationArbitraries) })]
    public void ReluBackward_SelectsDy(Pair input)
    {
        AssertBinary<float>(input, ActivationKernels.ReluBackward, ReluDerivative, Exact);
        AssertBinary<double>(input, ActivationKernels.ReluBackward, ReluDerivative, Exact);
    }

    [Property(Arbitrary = new[] { typeof(ActivationArbitraries) })]
    public void LeakyReluBackward_MatchesFormula(Pair input, Slope slope)
    {
        AssertLeakyReluBackward<float>(input, slope.Value);
        AssertLeakyReluBackward<double>(input, slope.Value);
    }

    [Property(Arbitrary = new[] { typeof(ActivationArbitraries) })]
    public void IdentityBackward_CopiesDy(Pair input)
    {
        AssertBinary<float>(input, ActivationKernels.IdentityBackward, (_, g) => g, Exact);
        AssertBinary<double>(input, ActivationKernels.IdentityBackward, (_, g) => g, Exact);
    }

    // ---- NaN and infinities at random positions --------------------------------------------------------------

    [Property(Arbitrary = new[] { typeof(ActivationArbitraries) })]
    public void NonFinite_PropagateElementByElement(WithNonFinite input, Slope slope)
    {
        AssertAllKernels<float>(input.Values, slope.Value);
        AssertAllKernels<double>(input.Values, slope.Value);
    }

    // ---- Softmax ---------------------------------------------------------------------------------------------

    [Property(Arbitrary = new[] { typeof(ActivationArbitraries) })]
    public void Softmax_MatchesDoubleReference_RowsSumToOne(Logits input)
    {
        AssertSoftmax<float>(input);
        AssertSoftmax<double>(input);
    }

    [Property(Arbitrary = new[] { typeof(ActivationArbitraries) })]
    public void SoftmaxBackward_MatchesMathNetJacobian(Logits input)
    {
        AssertSoftmaxBackward<float>(input);
        AssertSoftmaxBackward<double>(input);
    }

    [Fact]
    public void EveryLength_0To260_ForwardAndBackward_MatchTheirFormulas_InPlaceToo() => LengthSweep.ForEachLength(n =>
    {
        double[] values = LengthSweep.Grid(n, 10);
        AssertAllKernels<float>(values, 0.25);
        AssertAllKernels<double>(values, 0.25);

        // Softmax runs per row: one row of every length (the oracle's Jacobian costs n^2).
        int rows = n == 0 ? 0 : 1;
        var logits = new Logits(rows, n, LengthSweep.Grid(rows * n, 11), LengthSweep.Grid(rows * n, 12));
        AssertSoftmax<float>(logits);
        AssertSoftmax<double>(logits);
        AssertSoftmaxBackward<float>(logits);
        AssertSoftmaxBackward<double>(logits);
    });

    [Fact]
    public void Softmax_RowsWithNaNOrPositiveInfinityBecomeNaN_NegativeInfinityGivesZero()
    {
        const int columns = 37;
        double[][] rows =
        {
            Row(columns, (5, double.NaN)),
            Row(columns, (36, double.PositiveInfinity)),
            Row(columns, (0, double.NegativeInfinity), (20, double.NegativeInfinity)),
            Enumerable.Repeat(double.NegativeInfinity, columns).ToArray(),
            Row(columns, (3, double.PositiveInfinity), (4, double.NegativeInfinity)),
        };
        bool[] expectNaN = { true, true, false, true, true };
        double[] x = rows.SelectMany(r => r).ToArray();

        var y = new float[x.Length];
        ActivationKernels.Softmax(x.Select(v => (float)v).ToArray(), rows.Length, columns, y);
        var yd = new double[x.Length];
        ActivationKernels.Softmax(x, rows.Length, columns, yd);

        for (int r = 0; r < rows.Length; r++)
        {
            for (int j = 0; j < columns; j++)
            {
                int i = r * columns + j;
                if (expectNaN[r])
                {
                    Assert.True(float.IsNaN(y[i]) && double.IsNaN(yd[i]), $"row {r}, column {j}: expected NaN");
                }
                else
                {
                    Assert.True(double.IsFinite(yd[i]) && float.IsFinite(y[i]), $"row {r}, column {j}");
                    if (double.IsNegativeInfinity(x[i]))
                    {
                        Assert.True(y[i] == 0 && yd[i] == 0, $"row {r}, column {j}: e^-inf must give exactly 0");
                    }
                }
            }
        }

        float[] nanDy = Enumerable.Repeat(0.5f, x.Length).ToArray();
        nanDy[columns + 7] = float.NaN;
        var uniform = Enumerable.Repeat(1f / columns, x.Length).ToArray();
        var dx = new float[x.Length];
        ActivationKernels.SoftmaxBackward(uniform, nanDy, rows.Length, columns, dx);
        for (int i = 0; i < dx.Length; i++)
        {
            Assert.Equal(i / columns == 1, float.IsNaN(dx[i]));
        }
    }

    // ---- Bad arguments ---------------------------------------------------------------------------------------

    [Fact]
    public void Forward_RejectsShortOrPartiallyOverlappingDestination_WithoutWriting()
    {
        float[] x = Filled(20, 0.5f);
        foreach (UnaryKernel<float> kernel in ForwardKernels())
        {
            AssertRejected<ArgumentException>("y", Filled(19, 3f), d => kernel(x, d));
            AssertRejected<ArgumentException>("y", Filled(21, 3f), d => kernel(d.AsSpan(0, 20), d.AsSpan(1)));
            AssertRejected<ArgumentException>("y", Filled(21, 3f), d => kernel(d.AsSpan(1), d.AsSpan(0, 20)));
        }

        AssertRejected<ArgumentOutOfRangeException>("slope", Filled(20, 3f), d => ActivationKernels.LeakyRelu(x, -0.5f, d));
        AssertRejected<ArgumentOutOfRangeException>("slope", Filled(20, 3f), d => ActivationKernels.LeakyRelu(x, float.NaN, d));
    }

    [Fact]
    public void Backward_RejectsMismatchedLengthsShortOrOverlappingDestination_WithoutWriting()
    {
        float[] y = Filled(20, 0.5f), dy = Filled(20, 0.25f);
        foreach (BinaryKernel<float> kernel in BackwardKernels())
        {
            AssertRejected<ArgumentException>("dy", Filled(20, 3f), d => kernel(y, dy.AsSpan(1), d));
            AssertRejected<ArgumentException>("dx", Filled(19, 3f), d => kernel(y, dy, d));
            AssertRejected<ArgumentException>("dx", Filled(21, 3f), d => kernel(d.AsSpan(0, 20), dy, d.AsSpan(1)));
            AssertRejected<ArgumentException>("dx", Filled(21, 3f), d => kernel(y, d.AsSpan(1), d.AsSpan(0, 20)));
        }

        AssertRejected<ArgumentOutOfRangeException>("slope", Filled(20, 3f), d => ActivationKernels.LeakyReluBackward(y, dy, -1f, d));
        AssertRejected<ArgumentOutOfRangeException>("slope", Filled(20, 3f), d => ActivationKernels.LeakyReluBackward(y, dy, float.NaN, d));
    }

    [Fact]
    public void Softmax_RejectsBadShapesShortSpansAndOverlap_WithoutWriting()
    {
        float[] x = Filled(12, 0.5f), dy = Filled(12, 0.25f);
        AssertRejected<ArgumentOutOfRangeException>("rows", Filled(12, 3f), d => ActivationKernels.Softmax(x, -1, 3, d));
        AssertRejected<ArgumentOutOfRangeException>("columns", Filled(12, 3f), d => ActivationKernels.Softmax(x, 3, -1, d));
        AssertRejected<ArgumentException>("x", Filled(12, 3f), d => ActivationKernels.Softmax(x.AsSpan(1), 3, 4, d));
        AssertRejected<ArgumentException>("y", Filled(11, 3f), d => ActivationKernels.Softmax(x, 3, 4, d));
        AssertRejected<ArgumentException>("x", Filled(12, 3f), d => ActivationKernels.Softmax(x, 1 << 16, 1 << 16, d));
        AssertRejected<ArgumentException>("y", Filled(13, 3f), d => ActivationKernels.Softmax(d.AsSpan(0, 12), 3, 4, d.AsSpan(1)));

        AssertRejected<ArgumentOutOfRangeException>("rows", Filled(12, 3f), d => ActivationKernels.SoftmaxBackward(x, dy, -2, 3, d));
        AssertRejected<ArgumentOutOfRangeException>("columns", Filled(12, 3f), d => ActivationKernels.SoftmaxBackward(x, dy, 3, -2, d));
        AssertRejected<ArgumentException>("y", Filled(12, 3f), d => ActivationKernels.SoftmaxBackward(x.AsSpan(1), dy, 3, 4, d));
        AssertRejected<ArgumentException>("dy", Filled(12, 3f), d => ActivationKernels.SoftmaxBackward(x, dy.AsSpan(1), 3, 4, d));
        AssertRejected<ArgumentException>("dx", Filled(11, 3f), d => ActivationKernels.SoftmaxBackward(x, dy, 3, 4, d));
        AssertRejected<ArgumentException>("dx", Filled(13, 3f), d => ActivationKernels.SoftmaxBackward(d.AsSpan(0, 12), dy, 3, 4, d.AsSpan(1)));
        AssertRejected<ArgumentException>("dx", Filled(13, 3f), d => ActivationKernels.SoftmaxBackward(x, d.AsSpan(1), 3, 4, d.AsSpan(0, 12)));
    }

    [Fact]
    public void Softmax_UsesOnlyRowsTimesColumns_AndAcceptsEmptyShapes()
    {
        float[] x = Filled(10, 1f);
        float[] y = Filled(12, 3f);
        ActivationKernels.Softmax(x, 2, 4, y);
        Assert.All(y[..8], v => Assert.Equal(0.25f, v));
        Assert.All(y[8..], v => Assert.Equal(3f, v));

        // Disjoint over the used region even though the spans overlap beyond it.
        float[] shared = Filled(16, 1f);
        ActivationKernels.Softmax(shared.AsSpan(0, 16), 2, 4, shared.AsSpan(8));
        Assert.All(shared[8..], v => Assert.Equal(0.25f, v));

        ActivationKernels.Softmax(ReadOnlySpan<float>.Empty, 0, 5, Span<float>.Empty);
        ActivationKernels.Softmax(ReadOnlySpan<float>.Empty, 5, 0, Span<float>.Empty);
        ActivationKernels.SoftmaxBackward(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, 0, 0, Span<float>.Empty);
    }

    // ---- Helpers ---------------------------------------------------------------------------------------------

    private static IEnumerable<UnaryKernel<float>> ForwardKernels() => new UnaryKernel<float>[]
    {
        ActivationKernels.Exp, ActivationKernels.Identity, ActivationKernels.Logistic, ActivationKernels.Tanh, ActivationKernels.Relu,
        (x, y) => ActivationKernels.LeakyRelu(x, 0.1f, y),
    };

    private static IEnumerable<BinaryKernel<float>> BackwardKernels() => new BinaryKernel<float>[]
    {
        ActivationKernels.IdentityBackward, ActivationKernels.LogisticBackward, ActivationKernels.TanhBackward, ActivationKernels.ReluBackward,
        (y, dy, dx) => ActivationKernels.LeakyReluBackward(y, dy, 0.1f, dx),
    };

    private static void AssertAllKernels<T>(double[] values, double slope)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        AssertUnary<T>(values, ActivationKernels.Exp, Math.Exp, Transcendental<T>);
        AssertUnary<T>(values, ActivationKernels.Logistic, Logistic, Transcendental<T>);
        AssertUnary<T>(values, ActivationKernels.Tanh, Math.Tanh, Transcendental<T>);
        AssertUnary<T>(values, ActivationKernels.Relu, Relu, Exact);
        AssertUnary<T>(values, ActivationKernels.Identity, v => v, Exact);
        AssertLeakyRelu<T>(values, slope);

        var pair = new Pair(values, values.Reverse().ToArray());
        AssertBinary<T>(pair, ActivationKernels.LogisticBackward, LogisticDerivative, Products<T>);
        AssertBinary<T>(pair, ActivationKernels.TanhBackward, TanhDerivative, Products<T>);
        AssertBinary<T>(pair, ActivationKernels.ReluBackward, ReluDerivative, Exact);
        AssertBinary<T>(pair, ActivationKernels.IdentityBackward, (_, g) => g, Exact);
        AssertLeakyReluBackward<T>(pair, slope);
    }

    private static void AssertLeakyRelu<T>(double[] values, double slope)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T s = T.CreateTruncating(slope);
        double exactSlope = double.CreateTruncating(s);
        AssertUnary<T>(values, (x, y) => ActivationKernels.LeakyRelu(x, s, y), v => v < 0 ? exactSlope * v : v, Exact);
    }

    private static void AssertLeakyReluBackward<T>(Pair input, double slope)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T s = T.CreateTruncating(slope);
        double exactSlope = double.CreateTruncating(s);
        AssertBinary<T>(
            input,
            (y, dy, dx) => ActivationKernels.LeakyReluBackward(y, dy, s, dx),
            (y, g) => double.IsNaN(y) ? y : y > 0 ? g : exactSlope * g,
            Exact);
    }

    private static double Relu(double x) => x <= 0 ? 0 : x;

    private static double Logistic(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    private static double LogisticDerivative(double y, double dy) => dy * (y * (1 - y));

    private static double TanhDerivative(double y, double dy) => dy * ((1 - y) * (1 + y));

    private static double ReluDerivative(double y, double dy) => double.IsNaN(y) ? y : y > 0 ? dy : 0;

    /// <summary>Kernels whose result is the exact formula rounded once to T (or no rounding at all).</summary>
    private static double Exact(double exact) => 0;

    /// <summary>
    /// Exp, tanh and logistic are documented within 1 ULP of the correctly rounded float, so within 1.5 ULP of the
    /// exact value, and within 3 ULP in double; Math.Exp/Math.Tanh add about 1 ULP. An ULP is at most 2u relative:
    /// 4u covers float, 8u double.
    /// </summary>
    private static double Transcendental<T>(double exact) =>
        (typeof(T) == typeof(float) ? 4 : 8) * ErrorBound.Unit<T>() * Math.Abs(exact);

    /// <summary>
    /// On the 2^-16 grid of <see cref="Values.Finite"/>, 1 - y and 1 + y are exact in float and double, so the
    /// backward kernels round only their two products: gamma_2 relative, plus the double formula's own rounding.
    /// </summary>
    private static double Products<T>(double exact) =>
        (ErrorBound.Gamma(2, ErrorBound.Unit<T>()) + ErrorBound.Gamma(3, ErrorBound.DoubleUnit)) * Math.Abs(exact);

    /// <summary>
    /// Runs <paramref name="kernel"/> out of place into a longer destination and in place, and checks each element
    /// against <paramref name="formula"/> in double, the untouched tail, the untouched input and that in place gives
    /// the same bits.
    /// </summary>
    private static void AssertUnary<T>(double[] values, UnaryKernel<T> kernel, Func<double, double> formula, Func<double, double> tolerance)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] x = Convert<T>(values);
        T[] original = (T[])x.Clone();
        T[] y = Filled(x.Length + Tail, T.CreateTruncating(Sentinel));
        kernel(x, y);

        AssertSameBits(original, x, "input");
        for (int i = 0; i < x.Length; i++)
        {
            AssertElement(y[i], formula(double.CreateTruncating(x[i])), tolerance, () => $"element {i} of {x.Length}, x = {x[i]}");
        }

        AssertSentinelTail(y, x.Length);
        kernel(x, x);
        AssertSameBits(y[..x.Length], x, "in place");
    }

    /// <summary>The backward counterpart of <see cref="AssertUnary"/>: in place into y and into dy.</summary>
    private static void AssertBinary<T>(Pair input, BinaryKernel<T> kernel, Func<double, double, double> formula, Func<double, double> tolerance)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] y = Convert<T>(input.Y), dy = Convert<T>(input.Dy);
        T[] dx = Filled(y.Length + Tail, T.CreateTruncating(Sentinel));
        kernel(y, dy, dx);
        for (int i = 0; i < y.Length; i++)
        {
            double expected = formula(double.CreateTruncating(y[i]), double.CreateTruncating(dy[i]));
            AssertElement(dx[i], expected, tolerance, () => $"element {i} of {y.Length}, y = {y[i]}, dy = {dy[i]}");
        }

        AssertSentinelTail(dx, y.Length);
        T[] intoY = (T[])y.Clone(), intoDy = (T[])dy.Clone();
        kernel(intoY, dy, intoY);
        kernel(y, intoDy, intoDy);
        AssertSameBits(dx[..y.Length], intoY, "in place into y");
        AssertSameBits(dx[..y.Length], intoDy, "in place into dy");
    }

    private static void AssertSoftmax<T>(Logits input)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int rows = input.Rows, columns = input.Columns, n = rows * columns;
        T[] x = Convert<T>(input.Values);
        T[] y = Filled(n + Tail, T.CreateTruncating(Sentinel));
        ActivationKernels.Softmax<T>(x, rows, columns, y);
        AssertSentinelTail(y, n);

        double u = ErrorBound.Unit<T>();
        double smallest = double.CreateTruncating(T.Epsilon);
        double[] exact = SoftmaxReference(Widen(x), rows, columns);
        for (int r = 0; r < rows && columns > 0; r++)
        {
            double max = Widen(x).Skip(r * columns).Take(columns).Max();
            double rowSum = 0;
            for (int j = 0; j < columns; j++)
            {
                int i = r * columns + j;
                double got = double.CreateTruncating(y[i]);
                rowSum += got;

                // Documented: relative u * (|x - m| + columns + 4); doubled for the double reference's own sum and
                // exponential, plus a few of the smallest subnormals where outputs underflow.
                double bound = exact[i] * u * (Math.Abs(double.CreateTruncating(x[i]) - max) + 2 * columns + 8) + 4 * smallest;
                Assert.True(Math.Abs(got - exact[i]) <= bound, $"row {r}, column {j}: {got:R} vs {exact[i]:R}");
            }

            Assert.True(Math.Abs(rowSum - 1) <= u * (4 * columns + 8), $"row {r} sums to {rowSum:R}");
        }

        T[] inPlace = (T[])x.Clone();
        ActivationKernels.Softmax<T>(inPlace, rows, columns, inPlace);
        AssertSameBits(y[..n], inPlace, "in place");
    }

    private static void AssertSoftmaxBackward<T>(Logits input)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int rows = input.Rows, columns = input.Columns, n = rows * columns;
        T[] y = Convert<T>(SoftmaxReference(input.Values, rows, columns));
        T[] dy = Convert<T>(input.Gradients);
        T[] dx = Filled(n + Tail, T.CreateTruncating(Sentinel));
        ActivationKernels.SoftmaxBackward<T>(y, dy, rows, columns, dx);
        AssertSentinelTail(dx, n);

        double u = ErrorBound.Unit<T>();
        double smallest = double.CreateTruncating(T.Epsilon);
        for (int r = 0; r < rows; r++)
        {
            double[] yRow = Widen(y).Skip(r * columns).Take(columns).ToArray();
            double[] dyRow = Widen(dy).Skip(r * columns).Take(columns).ToArray();

            // The full Jacobian of softmax, J = diag(y) - y y^T, applied to dy.
            Matrix<double> jacobian = Matrix<double>.Build.Dense(
                columns, columns, (i, j) => (i == j ? yRow[i] : 0) - yRow[i] * yRow[j]);
            double[] expected = (jacobian * MathNetOracle.Vector(dyRow)).ToArray();

            // The kernel's dot product has error gamma_columns * S (S = sum |dy_j y_j|), then a subtraction and a
            // product; the oracle's row sums add the same form in double. Products that land among the subnormals
            // round to a multiple of the smallest one, an absolute error of up to half of it: once in the kernel's
            // result, and in each of the oracle's Jacobian entries y_i y_j, scaled by |dy_j| <= 4 and summed.
            double s = dyRow.Zip(yRow, (g, p) => Math.Abs(g * p)).Sum();
            for (int j = 0; j < columns; j++)
            {
                double got = double.CreateTruncating(dx[r * columns + j]);
                double bound = Math.Abs(yRow[j]) * (s + Math.Abs(dyRow[j])) *
                    (ErrorBound.Gamma(columns + 2, u) + ErrorBound.Gamma(columns + 2, ErrorBound.DoubleUnit)) +
                    smallest + 4 * (columns + 1) * double.Epsilon;
                Assert.True(Math.Abs(got - expected[j]) <= bound, $"row {r}, column {j}: {got:R} vs {expected[j]:R}");
            }
        }

        T[] intoY = (T[])y.Clone(), intoDy = (T[])dy.Clone();
        ActivationKernels.SoftmaxBackward<T>(intoY, dy, rows, columns, intoY);
        ActivationKernels.SoftmaxBackward<T>(y, intoDy, rows, columns, intoDy);
        AssertSameBits(dx[..n], intoY, "in place into y");
        AssertSameBits(dx[..n], intoDy, "in place into dy");
    }

    /// <summary>Softmax in double, straight from the definition with the row maximum subtracted.</summary>
    private static double[] SoftmaxReference(double[] x, int rows, int columns)
    {
        var y = new double[rows * columns];
        for (int r = 0; r < rows && columns > 0; r++)
        {
            var row = x.Skip(r * columns).Take(columns).ToArray();
            double max = row.Max();
            double[] e = row.Select(v => Math.Exp(v - max)).ToArray();
            double sum = e.Sum();
            for (int j = 0; j < columns; j++)
            {
                y[r * columns + j] = e[j] / sum;
            }
        }

        return y;
    }

    // The message is formed only on failure: the length sweeps check about a million elements.
    private static void AssertElement<T>(T got, double exact, Func<double, double> tolerance, Func<string> context)
        where T : IBinaryFloatingPointIeee754<T>
    {
        double value = double.CreateTruncating(got);
        if (double.IsNaN(exact))
        {
            if (!double.IsNaN(value))
            {
                Assert.Fail($"{context()}: expected NaN, got {value:R}");
            }

            return;
        }

        double bound = tolerance(exact);
        if (bound == 0 || !double.IsFinite(bound))
        {
            double rounded = double.CreateTruncating(T.CreateTruncating(exact));
            if (value != rounded)
            {
                Assert.Fail($"{context()}: expected {rounded:R}, got {value:R}");
            }

            return;
        }

        if (!(Math.Abs(value - exact) <= bound))
        {
            Assert.Fail($"{context()}: expected {exact:R} +- {bound:E2}, got {value:R}");
        }
    }

    private static void AssertSentinelTail<T>(T[] destination, int length)
        where T : IBinaryFloatingPointIeee754<T>
    {
        for (int i = length; i < destination.Length; i++)
        {
            if (destination[i] != T.CreateTruncating(Sentinel))
            {
                Assert.Fail($"element {i} past the length {length} was written");
            }
        }
    }

    private static void AssertSameBits<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string context)
        where T : unmanaged
    {
        Assert.True(
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(expected).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(actual)),
            $"{context}: results differ");
    }

    private static void AssertRejected<TException>(string paramName, float[] destination, Action<float[]> call)
        where TException : ArgumentException
    {
        float[] before = (float[])destination.Clone();
        TException exception = Assert.Throws<TException>(() => call(destination));
        Assert.Equal(paramName, exception.ParamName);
        Assert.Equal(before, destination);
    }

    private static T[] Convert<T>(double[] values) where T : IBinaryFloatingPointIeee754<T> =>
        values.Select(T.CreateTruncating).ToArray();

    private static double[] Widen<T>(T[] values) where T : IBinaryFloatingPointIeee754<T> =>
        values.Select(double.CreateTruncating).ToArray();

    private static T[] Filled<T>(int length, T value) => Enumerable.Repeat(value, length).ToArray();

    private static double[] Row(int columns, params (int Index, double Value)[] specials)
    {
        double[] row = Enumerable.Range(0, columns).Select(j => (j % 7) - 3.0).ToArray();
        foreach (var (index, value) in specials)
        {
            row[index] = value;
        }

        return row;
    }

    /// <summary>Length and the first values: enough to recognise a counterexample, which the Replay seed reproduces.</summary>
    private static string Show(double[] values) =>
        $"{values.Length} values [{string.Join(", ", values.Take(8).Select(v => v.ToString("R")))}{(values.Length > 8 ? ", ..." : "")}]";

    /// <summary>An input of a length from <see cref="Shapes.Dimension"/>.</summary>
    public sealed record Vector(double[] Values)
    {
        public override string ToString() => Show(Values);
    }

    /// <summary>A forward output and a gradient of the same length.</summary>
    public sealed record Pair(double[] Y, double[] Dy)
    {
        public override string ToString() => $"y = {Show(Y)}, dy = {Show(Dy)}";
    }

    /// <summary>A leaky-ReLU slope in [0, 1], exact in float.</summary>
    public sealed record Slope(double Value);

    /// <summary>Finite values with NaN, +-inf and -0 at random positions.</summary>
    public sealed record WithNonFinite(double[] Values)
    {
        public override string ToString() => Show(Values);
    }

    /// <summary>Row-major logits [rows, columns], sometimes scaled to +-1000, and a gradient of the same shape.</summary>
    public sealed record Logits(int Rows, int Columns, double[] Values, double[] Gradients)
    {
        public override string ToString() => $"{Rows} x {Columns}: {Show(Values)}, dy = {Show(Gradients)}";
    }

    public static class ActivationArbitraries
    {
        public static Arbitrary<Vector> Vectors() =>
            Shapes.Dimension(260).SelectMany(Values.Array).Select(v => new Vector(v)).ToArbitrary();

        public static Arbitrary<Pair> Pairs() =>
            (from n in Shapes.Dimension(260)
             from y in Values.Array(n)
             from dy in Values.Array(n)
             select new Pair(y, dy)).ToArbitrary();

        public static Arbitrary<Slope> Slopes() => Gen.Choose(0, 64).Select(i => new Slope(i / 64.0)).ToArbitrary();

        public static Arbitrary<WithNonFinite> NonFinite() =>
            Shapes.PositiveDimension(260).SelectMany(Values.ArrayWithSpecials).Select(v => new WithNonFinite(v)).ToArbitrary();

        public static Arbitrary<Logits> Logits() =>
            (from rows in Shapes.Dimension(12)
             from columns in Shapes.Dimension(260)
             from scale in Gen.Elements(1.0, 250.0)
             from values in Values.Array(rows * columns)
             from gradients in Values.Array(rows * columns)
             select new Logits(rows, columns, values.Select(v => v * scale).ToArray(), gradients)).ToArbitrary();
    }
}
