using VectorNN.Kernels;
using VectorNN.Tests.Oracles;
using Xunit;

namespace VectorNN.Tests.Kernels;

public sealed class ParameterUpdatesTests
{
    // Every length up to past four 512-bit vectors of float: full vectors, overlapping remainders, narrower widths and
    // the scalar path. Each element must match the same update applied to it alone (a one-element span takes the
    // scalar path), which catches remainders written from the wrong elements. Fused and unfused multiply-adds may
    // differ by a rounding per operation (about ten per element), on values of the parameters' magnitude.
    [Fact]
    public void EveryLength_UpdatesEachElementAsIfAlone()
    {
        for (int n = 0; n <= 70; n++)
        {
            CheckLength(n);
        }
    }

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
        ParameterUpdates.Adam(w, g, m, v, 1e-3, 0.9, 0.999, 1e-8, 1.0, 0.0, false, 0.1, 0.001);

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
            ParameterUpdates.Adam<float>(w, g, s1, s2, 0.125f, 0.875f, 0.96875f, 1e-3f, 0.5f, 0.0625f, false, 0.25f, 0.0625f));
        Check(n, "AdamW", w, g, s1, s2, (w, g, s1, s2) =>
            ParameterUpdates.Adam<float>(w, g, s1, s2, 0.125f, 0.875f, 0.96875f, 1e-3f, 0.5f, 0.0625f, true, 0.25f, 0.0625f));
    }

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
        Compare.Within<float>(whole, Compare.ToDouble<float>(alone), _ => bound, $"{what} n={n} parameters");
        Compare.Within<float>(wholeS1, Compare.ToDouble<float>(aloneS1), _ => bound, $"{what} n={n} first state");
        Compare.Within<float>(wholeS2, Compare.ToDouble<float>(aloneS2), _ => bound, $"{what} n={n} second state");
    }

    private static float[] Pattern(int n, float scale, int seed) =>
        Enumerable.Range(0, n).Select(i => scale * ((((i * 7) + (seed * 5)) % 17) - 8) / 8f).ToArray();
}
