using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VectorNN.Kernels;
using Xunit;
using Xunit.Abstractions;

namespace VectorNN.Tests.Kernels;

/// <summary>
/// Measures the error of the vectorized exp, tanh and logistic against Math.Exp/Math.Tanh evaluated in double, and
/// asserts the bounds documented on <see cref="ActivationKernels"/>. Float results are compared with the double reference
/// rounded to float (the correctly rounded result, barring a double-rounding tie far rarer than the sweep density),
/// in ULP counted on the bit patterns; double results in ULP and, for normal results, relative error. The reference
/// is itself within about 1 ULP in double, so double bounds include its error.
/// </summary>
public sealed class ExpTanhAccuracyTests(ITestOutputHelper output)
{
    private delegate void Kernel<T>(ReadOnlySpan<T> x, Span<T> y);

    // The documented bounds (Activations' XML docs). Float: 1 ULP for all three.
    private const long SingleUlpBound = 1;
    private const long ExpDoubleUlpBound = 2;
    private const long TanhDoubleUlpBound = 3;
    private const long LogisticDoubleUlpBound = 3;
    private const double ExpDoubleRelativeBound = 4.5e-16;
    private const double TanhDoubleRelativeBound = 7e-16;
    private const double LogisticDoubleRelativeBound = 7e-16;

    // Sweep size is the run-time knob: 200 001 points per range keep the class within a few seconds on the scalar path.
    private const int SweepPoints = 200_001;

    private static readonly float[] SingleSpecials =
    {
        0f, -0f, float.Epsilon, -float.Epsilon, float.MinValue, float.MaxValue, 1e-30f, -1e-30f, 1e-7f, -1e-7f,
        0.625f, -0.625f, 0.62499994f, 88.72283f, 88.72284f, 89f, -87.33655f, -87.33654f, -103.27893f, -103.97208f,
        -103.972084f, -104f, -150f, 9.01f, -9.01f, 20f, -20f,
    };

    private static readonly double[] DoubleSpecials =
    {
        0.0, -0.0, double.Epsilon, -double.Epsilon, double.MinValue, double.MaxValue, 1e-300, -1e-300, 1e-17, -1e-17,
        1e-9, -1e-9, 0.625, -0.625, 0.62499999999999989, 709.782712893384, 709.7827128933841, 710.0, -708.3964185322641,
        -708.39641853226431, -744.44007192138122, -745.13321910194110, -745.1332191019412, -746.0, -1000.0, 19.06,
        -19.06, 37.0, -37.0, 36.04, -36.04,
    };

    public static IEnumerable<object[]> Functions() =>
        new[] { "Exp", "Tanh", "Logistic" }.Select(name => new object[] { name });

    [Theory]
    [MemberData(nameof(Functions))]
    public void DenseSweep_Single_WithinOneUlp(string function)
    {
        var (kernel, reference) = Pick<float>(function);
        double[] points = Sweep(function == "Tanh" ? (-12, 12) : (-110, 100))
            .Concat(Logarithmic(1e-12, 12))
            .Concat(SingleSpecials.Select(v => (double)v))
            .ToArray();
        var (ulp, _, at) = Measure(kernel, reference, points);
        Report($"{function} float: max {ulp} ULP (at x = {at:R}) over {points.Length} points");
        Assert.True(ulp <= SingleUlpBound, $"{function} float: {ulp} ULP at x = {at:R}");
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void DenseSweep_Double_WithinDocumentedBound(string function)
    {
        var (kernel, reference) = Pick<double>(function);
        double[] points = Sweep(function == "Tanh" ? (-25, 25) : (-100, 100))
            .Concat(Sweep(function == "Tanh" ? (-1, 1) : (-760, 720)))
            .Concat(Logarithmic(1e-300, 40))
            .Concat(DoubleSpecials)
            .ToArray();
        var (ulp, relative, at) = Measure(kernel, reference, points);
        var (ulpBound, relativeBound) = DoubleBounds(function);
        Report($"{function} double: max {ulp} ULP, max relative {relative:E2} (worst at x = {at:R}) over {points.Length} points");
        Assert.True(ulp <= ulpBound, $"{function} double: {ulp} ULP at x = {at:R}");
        Assert.True(relative <= relativeBound, $"{function} double: relative error {relative:E3}");
    }

    [Property(Arbitrary = new[] { typeof(AccuracyArbitraries) }, MaxTest = 100)]
    public void RandomPoints_WithinDocumentedBounds(RandomArguments arguments)
    {
        foreach (string function in new[] { "Exp", "Tanh", "Logistic" })
        {
            var (singleKernel, reference) = Pick<float>(function);
            var (doubleKernel, _) = Pick<double>(function);
            double[] points = arguments.Values;
            Assert.True(Measure(singleKernel, reference, points).Ulp <= SingleUlpBound, function);
            var (ulp, relative, _) = Measure(doubleKernel, reference, points);
            var (ulpBound, relativeBound) = DoubleBounds(function);
            Assert.True(ulp <= ulpBound && relative <= relativeBound, $"{function}: {ulp} ULP, relative {relative:E3}");
        }
    }

    [Fact]
    public void SpecialValues_AreExactWhereIeeeSaysSo()
    {
        // Each value is checked on its own (scalar path) and inside a long array (vector path and overlapping tail).
        var cases = new (string Function, double X, double Expected)[]
        {
            ("Exp", 0.0, 1.0), ("Exp", -0.0, 1.0), ("Exp", double.NegativeInfinity, 0.0),
            ("Exp", double.PositiveInfinity, double.PositiveInfinity), ("Exp", double.NaN, double.NaN),
            ("Exp", 1000.0, double.PositiveInfinity), ("Exp", -1000.0, 0.0),
            ("Tanh", 0.0, 0.0), ("Tanh", -0.0, -0.0), ("Tanh", double.PositiveInfinity, 1.0),
            ("Tanh", double.NegativeInfinity, -1.0), ("Tanh", double.NaN, double.NaN), ("Tanh", 400.0, 1.0),
            ("Tanh", -400.0, -1.0), ("Tanh", double.MaxValue, 1.0), ("Tanh", double.Epsilon, double.Epsilon),
            ("Logistic", double.PositiveInfinity, 1.0), ("Logistic", double.NegativeInfinity, 0.0),
            ("Logistic", double.NaN, double.NaN), ("Logistic", 0.0, 0.5), ("Logistic", -0.0, 0.5),
            ("Logistic", 1000.0, 1.0), ("Logistic", -1000.0, 0.0),
        };

        foreach (var (function, x, expected) in cases)
        {
            AssertSpecial<float>(function, x, expected);
            AssertSpecial<double>(function, x, expected);
        }
    }

    [Fact]
    public void SubnormalResults_AreProducedNotFlushed()
    {
        double[] x = { -745.0, -740.0, -720.0 };
        var y = new double[x.Length];
        ActivationKernels.Exp<double>(x, y);
        Assert.All(y, v => Assert.True(double.IsSubnormal(v), $"{v:R} is not subnormal"));
        ActivationKernels.Logistic<double>(x, y);
        Assert.All(y, v => Assert.True(double.IsSubnormal(v), $"{v:R} is not subnormal"));

        float[] xf = { -103f, -100f, -90f };
        var yf = new float[xf.Length];
        ActivationKernels.Exp<float>(xf, yf);
        Assert.All(yf, v => Assert.True(float.IsSubnormal(v), $"{v:R} is not subnormal"));
    }

    private static void AssertSpecial<T>(string function, double x, double expected)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var (kernel, _) = Pick<T>(function);
        T want = T.CreateTruncating(expected);
        var one = new T[1];
        kernel(new[] { T.CreateTruncating(x) }, one);
        var many = new T[37];
        var input = Enumerable.Repeat(T.CreateTruncating(0.25), 37).ToArray();
        input[5] = input[36] = T.CreateTruncating(x);
        kernel(input, many);
        foreach (T got in new[] { one[0], many[5], many[36] })
        {
            // Bitwise equality (NaN matched as NaN): also distinguishes -0 from +0.
            bool same = T.IsNaN(want) ? T.IsNaN(got) : Bits(got) == Bits(want);
            Assert.True(same, $"{function}<{typeof(T).Name}>({x:R}) = {got}, expected {want}");
        }
    }

    private static long Bits<T>(T value) where T : IBinaryFloatingPointIeee754<T> =>
        typeof(T) == typeof(float)
            ? BitConverter.SingleToInt32Bits(float.CreateTruncating(value))
            : BitConverter.DoubleToInt64Bits(double.CreateTruncating(value));

    /// <summary>Distance in representable values, via a monotone map of bit patterns to integers (so -0 and +0 are adjacent).</summary>
    private static long UlpDistance<T>(T a, T b) where T : IBinaryFloatingPointIeee754<T>
    {
        if (T.IsNaN(a) || T.IsNaN(b))
        {
            return T.IsNaN(a) && T.IsNaN(b) ? 0 : long.MaxValue;
        }

        Int128 ordered(long bits, long signBit) => bits < 0 ? -(Int128)(bits & ~signBit) : bits;
        long signBit = typeof(T) == typeof(float) ? unchecked((long)0xFFFF_FFFF_8000_0000) : long.MinValue;
        Int128 d = Int128.Abs(ordered(Bits(a), signBit) - ordered(Bits(b), signBit));
        return d > long.MaxValue ? long.MaxValue : (long)d;
    }

    private static (long Ulp, double Relative, double At) Measure<T>(Kernel<T> kernel, Func<double, double> reference, double[] points)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] x = points.Select(T.CreateTruncating).ToArray();
        var y = new T[x.Length];
        kernel(x, y);
        long worstUlp = 0;
        double worstRelative = 0, at = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double exact = reference(double.CreateTruncating(x[i]));
            long ulp = UlpDistance(y[i], T.CreateTruncating(exact));
            if (ulp > worstUlp)
            {
                worstUlp = ulp;
                at = double.CreateTruncating(x[i]);
            }

            if (double.IsNormal(exact))
            {
                worstRelative = Math.Max(worstRelative, Math.Abs(double.CreateTruncating(y[i]) - exact) / Math.Abs(exact));
            }
        }

        return (worstUlp, worstRelative, at);
    }

    private static (Kernel<T> Kernel, Func<double, double> Reference) Pick<T>(string function)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => function switch
        {
            "Exp" => (ActivationKernels.Exp, Math.Exp),
            "Tanh" => (ActivationKernels.Tanh, Math.Tanh),
            "Logistic" => (ActivationKernels.Logistic, LogisticReference),
            _ => throw new ArgumentException(function, nameof(function)),
        };

    /// <summary>The stable two-sided form with Math.Exp: no overflow, and e^x-sized results for very negative x.</summary>
    private static double LogisticReference(double x) =>
        x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    private static (long Ulp, double Relative) DoubleBounds(string function) => function switch
    {
        "Exp" => (ExpDoubleUlpBound, ExpDoubleRelativeBound),
        "Tanh" => (TanhDoubleUlpBound, TanhDoubleRelativeBound),
        _ => (LogisticDoubleUlpBound, LogisticDoubleRelativeBound),
    };

    private static IEnumerable<double> Sweep((double Low, double High) range) =>
        Enumerable.Range(0, SweepPoints).Select(i => range.Low + (range.High - range.Low) * i / (SweepPoints - 1));

    /// <summary>Magnitudes from <paramref name="smallest"/> to <paramref name="largest"/>, geometrically spaced, both signs.</summary>
    private static IEnumerable<double> Logarithmic(double smallest, double largest)
    {
        const int count = 20_000;
        double ratio = Math.Pow(largest / smallest, 1.0 / (count - 1));
        return Enumerable.Range(0, count).Select(i => smallest * Math.Pow(ratio, i)).SelectMany(v => new[] { v, -v });
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.Error.WriteLine(line);
    }

    /// <summary>A batch of random arguments spread over every binade that matters.</summary>
    public sealed record RandomArguments(double[] Values)
    {
        public override string ToString() => string.Join(", ", Values.Select(v => v.ToString("R")));
    }

    public static class AccuracyArbitraries
    {
        /// <summary>sign * 2^e * (1 + f) with e in [-30, 9]: magnitudes from 1e-9 to about 1000, uniformly per binade.</summary>
        public static Arbitrary<RandomArguments> Arguments() =>
            (from sign in Gen.Elements(1.0, -1.0)
             from exponent in Gen.Choose(-30, 9)
             from fraction in Gen.Choose(0, 1 << 30)
             select sign * Math.ScaleB(1 + fraction / (double)(1 << 30), exponent))
            .ArrayOf(64)
            .Select(values => new RandomArguments(values))
            .ToArbitrary();
    }
}
