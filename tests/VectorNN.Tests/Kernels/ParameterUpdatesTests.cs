using System.Numerics;
using VectorNN.Kernels;
using VectorNN.Tests.Generators;
using VectorNN.Tests.Oracles;
using Xunit;

namespace VectorNN.Tests.Kernels;

public sealed class ParameterUpdatesTests
{
    // Every length 0..260: full vectors, overlapping remainders, narrower widths and the scalar path. Each element must match the same update applied to it alone (a one-element span takes the
    // scalar path), which catches remainders written from the wrong elements. Fused and unfused multiply-adds may
    // differ by a rounding per operation (about ten per element), on values of the parameters' magnitude.
    [Fact]
    public void EveryLength_UpdatesEachElementAsIfAlone() => LengthSweep.ForEachLength(CheckLength);

    // Two steps of every rule at every length against the rules as PyTorch documents them (ReferenceOptimizer). Its
    // bound is for the textbook formula in T (unit u_T) and its own evaluation in double (u_d), hence the unit
    // u_T + u_d; the kernels evaluate algebraically equal forms ((lr / c1) m, sqrt(v) / sqrt(c2), fused
    // multiply-adds) whose first-order bounds differ from the textbook's by less than a factor of 2.
    [Fact]
    public void EveryLength_TwoSteps_MatchTheReferenceRules() => LengthSweep.ForEachLength(n =>
    {
        foreach (OptimizerKind kind in Enum.GetValues<OptimizerKind>())
        {
            CheckAgainstReference<float>(kind, n);
            CheckAgainstReference<double>(kind, n);
        }
    });

    [Fact]
    public void LengthMismatches_AndOverlaps_Throw_AndLeaveTheParametersUntouched()
    {
        double[] buffer = Enumerable.Range(0, 40).Select(i => (double)i).ToArray();
        double[] before = (double[])buffer.Clone();
        Span<double> w = buffer.AsSpan(0, 10);

        Assert.Equal("gradients", Assert.Throws<ArgumentException>(() => ParameterUpdates.Sgd<double>(buffer.AsSpan(0, 10), new double[9], 0.1, 1, 0)).ParamName);
        Assert.Equal("gradients", Assert.Throws<ArgumentException>(() => ParameterUpdates.Sgd<double>(buffer.AsSpan(0, 10), buffer.AsSpan(5, 10), 0.1, 1, 0)).ParamName);
        Assert.Equal("velocity", Assert.Throws<ArgumentException>(
            () => ParameterUpdates.Momentum<double>(buffer.AsSpan(0, 10), new double[10], new double[11], 0.1, 0.9, 1, 0, false)).ParamName);
        Assert.Equal("velocity", Assert.Throws<ArgumentException>(
            () => ParameterUpdates.Momentum<double>(buffer.AsSpan(0, 10), new double[10], buffer.AsSpan(9, 10), 0.1, 0.9, 1, 0, true)).ParamName);
        Assert.Equal("firstMoment", Assert.Throws<ArgumentException>(
            () => Adam(buffer.AsSpan(0, 10), new double[10], new double[3], new double[10])).ParamName);
        Assert.Equal("secondMoment", Assert.Throws<ArgumentException>(
            () => Adam(buffer.AsSpan(0, 10), new double[10], new double[10], new double[12])).ParamName);
        double[] moments = new double[20];
        Assert.Equal("secondMoment", Assert.Throws<ArgumentException>(
            () => Adam(buffer.AsSpan(0, 10), new double[10], moments.AsSpan(0, 10), moments.AsSpan(5, 10))).ParamName);
        Assert.Equal("firstMoment", Assert.Throws<ArgumentException>(
            () => Adam(buffer.AsSpan(0, 10), buffer.AsSpan(20, 10), buffer.AsSpan(25, 10), new double[10])).ParamName);

        Assert.Equal(before, buffer);
    }

    private static void Adam(Span<double> w, ReadOnlySpan<double> g, Span<double> m, Span<double> v) =>
        ParameterUpdates.Adam(w, g, m, v, new AdamStep<double>(1e-3, 0.9, 0.999, 1e-8, 0.1, 0.001));

    private static void CheckLength(int n)
    {
        float[] w = Pattern(n, 0.75f, 1), g = Pattern(n, -1.25f, 2), s1 = Pattern(n, 0.5f, 3), s2 = Pattern(n, 0.375f, 4);
        for (int i = 0; i < n; i++)
        {
            s2[i] = Math.Abs(s2[i]);
        }

        Check(n, "Sgd", w, g, s1, s2, (w, g, s1, s2) => ParameterUpdates.Sgd<float>(w, g, 0.125f, 0.5f, 0.0625f));
        Check(n, "Momentum", w, g, s1, s2, (w, g, s1, s2) => ParameterUpdates.Momentum<float>(w, g, s1, 0.125f, 0.875f, 0.5f, 0.0625f, false));
        Check(n, "Nesterov", w, g, s1, s2, (w, g, s1, s2) => ParameterUpdates.Momentum<float>(w, g, s1, 0.125f, 0.875f, 0.5f, 0.0625f, true));
        Check(n, "Adam", w, g, s1, s2, (w, g, s1, s2) =>
            ParameterUpdates.Adam<float>(w, g, s1, s2, new AdamStep<float>(0.125f, 0.875f, 0.96875f, 1e-3f, 0.25f, 0.0625f) { GradientScale = 0.5f, WeightDecay = 0.0625f }));
        Check(n, "AdamW", w, g, s1, s2, (w, g, s1, s2) =>
            ParameterUpdates.Adam<float>(w, g, s1, s2, new AdamStep<float>(0.125f, 0.875f, 0.96875f, 1e-3f, 0.25f, 0.0625f) { GradientScale = 0.5f, WeightDecay = 0.0625f, DecoupledWeightDecay = true }));
    }

    private static void CheckAgainstReference<T>(OptimizerKind kind, int n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        const double lr = 0.125, mu = 0.875, b1 = 0.875, b2 = 0.96875, eps = 1e-3, lambda = 0.0625;
        var hyperparameters = new OptimizerCase([], [], [], [], [], lr, mu, b1, b2, eps, lambda);
        double[] start = LengthSweep.Grid(n, 20);
        var reference = new ReferenceOptimizer(kind, hyperparameters, start, ErrorBound.Unit<T>() + ErrorBound.DoubleUnit);
        T[] w = Values.As<T>(start), s1 = new T[n], s2 = new T[n];
        bool[] trainable = Enumerable.Repeat(true, n).ToArray();
        T Of(double value) => T.CreateTruncating(value);
        for (int step = 1; step <= 2; step++)
        {
            double[] g = LengthSweep.Grid(n, 20 + step);
            reference.Step(g, trainable, double.PositiveInfinity);
            T[] tg = Values.As<T>(g);
            Approx[] state1 = reference.Velocity, state2 = [];
            switch (kind)
            {
                case OptimizerKind.Sgd:
                    ParameterUpdates.Sgd<T>(w, tg, Of(lr), T.One, Of(lambda));
                    state1 = [];
                    break;
                case OptimizerKind.Momentum:
                case OptimizerKind.Nesterov:
                    ParameterUpdates.Momentum<T>(w, tg, s1, Of(lr), Of(mu), T.One, Of(lambda), kind == OptimizerKind.Nesterov);
                    break;
                default:
                    ParameterUpdates.Adam<T>(
                        w, tg, s1, s2, new AdamStep<T>(Of(lr), Of(b1), Of(b2), Of(eps), Of(1 - Math.Pow(b1, step)), Of(1 - Math.Pow(b2, step)))
                        {
                            WeightDecay = Of(lambda),
                            DecoupledWeightDecay = kind == OptimizerKind.AdamW,
                        });
                    state1 = reference.FirstMoment;
                    state2 = reference.SecondMoment;
                    break;
            }

            Within<T>(w, reference.Values, $"{kind} {typeof(T).Name} step {step} parameters");
            Within<T>(s1, state1, $"{kind} {typeof(T).Name} step {step} first state");
            Within<T>(s2, state2, $"{kind} {typeof(T).Name} step {step} second state");
        }
    }

    private static void Within<T>(ReadOnlySpan<T> actual, Approx[] expected, string what)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Compare.Within(actual, Array.ConvertAll(expected, e => e.Value), i => 2 * expected[i].Error, what);

    private delegate void Update(Span<float> w, ReadOnlySpan<float> g, Span<float> s1, Span<float> s2);

    private static void Check(int n, string what, float[] w, float[] g, float[] s1, float[] s2, Update update)
    {
        float[] whole = (float[])w.Clone(), wholeS1 = (float[])s1.Clone(), wholeS2 = (float[])s2.Clone();
        update(whole, g, wholeS1, wholeS2);
        float[] alone = (float[])w.Clone(), aloneS1 = (float[])s1.Clone(), aloneS2 = (float[])s2.Clone();
        for (int i = 0; i < n; i++)
        {
            update(alone.AsSpan(i, 1), g.AsSpan(i, 1), aloneS1.AsSpan(i, 1), aloneS2.AsSpan(i, 1));
        }

        double bound = 10 * 8 * ErrorBound.SingleUnit;
        Compare.Within<float>(whole, Values.ToDouble<float>(alone), _ => bound, $"{what} n={n} parameters");
        Compare.Within<float>(wholeS1, Values.ToDouble<float>(aloneS1), _ => bound, $"{what} n={n} first state");
        Compare.Within<float>(wholeS2, Values.ToDouble<float>(aloneS2), _ => bound, $"{what} n={n} second state");
    }

    private static float[] Pattern(int n, float scale, int seed) =>
        Enumerable.Range(0, n).Select(i => scale * ((((i * 7) + (seed * 5)) % 17) - 8) / 8f).ToArray();
}
