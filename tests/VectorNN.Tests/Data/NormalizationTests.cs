using System.Numerics;
using VectorNN.Data;
using Xunit;

namespace VectorNN.Tests.Data;

public sealed class NormalizationTests
{
    // The reference is the textbook two-pass computation in double, per column, rows in order. Fit performs the same
    // operations in the same order (vectorized across columns, not across rows), so the statistics must be
    // bit-identical: tolerance zero.
    [Theory]
    [InlineData(NormalizationMethod.ZScore)]
    [InlineData(NormalizationMethod.MinMax)]
    [InlineData(NormalizationMethod.None)]
    public void Fit_IsTheTwoPassDoubleReference_BitForBit(NormalizationMethod method)
    {
        foreach (int width in new[] { 1, 3, 8, 13, 784 })
        {
            foreach (int count in new[] { 1, 2, 9 })
            {
                Check<float>(method, width, count);
                Check<double>(method, width, count);
            }
        }
    }

    [Fact]
    public void ApplyToADataset_RescalesItsInputsInPlace_AsApplyToASpanDoes()
    {
        float[] values = Values<float>(13, 9);
        var data = Dataset<float>.FromLabels([.. values], 13, new int[9], 2);
        Normalization zscore = Normalization.Fit<float>(NormalizationMethod.ZScore, data.Inputs, 13);

        zscore.Apply(data);

        float[] expected = [.. values];
        zscore.Apply<float>(expected);
        Assert.Equal(expected, data.Inputs.ToArray());
        for (int i = 0; i < values.Length; i++)
        {
            float reference = (float)((values[i] - zscore.Offsets[i % 13]) / zscore.Scales[i % 13]);
            Assert.True(reference.Equals(expected[i]), $"element {i}: expected {reference}, got {expected[i]}");
        }
    }

    // A value far outside the training range, divided by a tiny scale, overflows float: the set would hold an infinity.
    [Fact]
    public void ApplyToADataset_ThatWouldOverflow_Throws_AndLeavesTheInputsAsTheyWere()
    {
        var data = Dataset<float>.FromLabels([1f, 2f, 4f, 3e38f], 2, new int[2], 2);
        var tiny = new Normalization(NormalizationMethod.ZScore, [0.0, 0.0], [1.0, 1e-3]);

        var e = Assert.Throws<ArgumentException>(() => tiny.Apply(data));

        Assert.Contains("Column 1", e.Message);
        Assert.Equal([1f, 2f, 4f, 3e38f], data.Inputs.ToArray());
    }

    [Fact]
    public void ApplyToADataset_OfAnotherWidth_Throws()
    {
        var data = Dataset<double>.FromLabels([1.0, 2.0, 3.0], 3, new int[1], 2);
        Assert.Throws<ArgumentException>(() => Normalization.Identity(2).Apply(data));
    }

    [Fact]
    public void TheConstructor_CopiesItsLists()
    {
        double[] offsets = [1.0, 2.0];
        double[] scales = [3.0, 4.0];
        var normalization = new Normalization(NormalizationMethod.ZScore, offsets, scales);

        offsets[0] = 10;
        scales[1] = 40;

        Assert.Equal([1.0, 2.0], normalization.Offsets);
        Assert.Equal([3.0, 4.0], normalization.Scales);
    }

    [Fact]
    public void TheConstructor_RefusesStatisticsItCannotUse_NamingTheFeature()
    {
        var count = Assert.Throws<ArgumentException>(() => new Normalization(NormalizationMethod.ZScore, [0.0, 0.0], [1.0]));
        var offset = Assert.Throws<ArgumentException>(() => new Normalization(NormalizationMethod.ZScore, [0.0, double.NaN], [1.0, 1.0]));
        var scale = Assert.Throws<ArgumentException>(() => new Normalization(NormalizationMethod.ZScore, [0.0, 0.0], [1.0, 0.0]));
        var nulls = Assert.Throws<ArgumentNullException>(() => new Normalization(NormalizationMethod.ZScore, [0.0], null!));

        Assert.StartsWith("Expected 2 scales (one per offset), got 1.", count.Message, StringComparison.Ordinal);
        Assert.StartsWith("Feature 1: expected a finite offset, got NaN.", offset.Message, StringComparison.Ordinal);
        Assert.StartsWith("Feature 1: expected a finite, non-zero scale, got 0.", scale.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "scales", "offsets", "scales", "scales" }, new[] { count.ParamName, offset.ParamName, scale.ParamName, nulls.ParamName });
    }

    [Fact]
    public void Fit_OfNoWholeRows_AndApply_ToAnotherWidth_SayWhatWasExpected()
    {
        var fit = Assert.Throws<ArgumentException>(() => Normalization.Fit<float>(NormalizationMethod.ZScore, new float[3], 2));
        var apply = Assert.Throws<ArgumentException>(() => Normalization.Identity(2).Apply(Dataset<float>.FromLabels([1f], 1, [0], 2)));

        Assert.StartsWith("Expected whole rows of 2 values, at least one, got 3 values.", fit.Message, StringComparison.Ordinal);
        Assert.StartsWith("Expected a data set with 2 features, got 1.", apply.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyToADataset_ThatWouldOverflow_GivesTheColumn_TheValue_AndTheStatistics()
    {
        var data = Dataset<float>.FromLabels([1f, 3e38f], 2, new int[1], 2);
        var tiny = new Normalization(NormalizationMethod.ZScore, [0.0, 0.5], [1.0, 1e-3]);

        var e = Assert.Throws<ArgumentException>(() => tiny.Apply(data));

        Assert.StartsWith($"Column 1: expected rescaled values finite in Single, got {float.PositiveInfinity} for the value ", e.Message, StringComparison.Ordinal);
        Assert.Contains($" for the value {(double)3e38f} ((x - 0.5) / 0.001).", e.Message, StringComparison.Ordinal);
    }

    private static T[] Values<T>(int width, int count)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random((width * 7) + count);
        // Column 0 is constant (scale 1); others sit far from zero with a small spread, where a one-pass sum of
        // squares would cancel.
        return Enumerable.Range(0, width * count).Select(i => T.CreateTruncating(
            i % width == 0 ? 5.0 : (i % width * 1000.0) + random.NextDouble())).ToArray();
    }

    private static void Check<T>(NormalizationMethod method, int width, int count)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] values = Values<T>(width, count);
        Normalization fitted = Normalization.Fit<T>(method, values, width);
        for (int j = 0; j < width; j++)
        {
            double[] column = Enumerable.Range(0, count).Select(i => double.CreateTruncating(values[(i * width) + j])).ToArray();
            (double offset, double scale) = Reference(method, column);
            string where = $"{method} {typeof(T).Name} width {width} count {count} column {j}";
            Assert.True(offset.Equals(fitted.Offsets[j]), $"{where}: offset {offset:R} != {fitted.Offsets[j]:R}");
            Assert.True(scale.Equals(fitted.Scales[j]), $"{where}: scale {scale:R} != {fitted.Scales[j]:R}");
        }
    }

    private static (double Offset, double Scale) Reference(NormalizationMethod method, double[] column)
    {
        double offset = 0, scale = 1;
        if (method == NormalizationMethod.ZScore)
        {
            double sum = 0;
            foreach (double x in column)
            {
                sum += x;
            }

            offset = sum / column.Length;
            double squares = 0;
            foreach (double x in column)
            {
                double d = x - offset;
                squares += d * d;
            }

            scale = Math.Sqrt(squares / column.Length);
        }
        else if (method == NormalizationMethod.MinMax)
        {
            offset = column.Min();
            scale = column.Max() - offset;
        }

        return (offset, scale > 0 ? scale : 1);
    }

    [Fact]
    public void Invert_IsScaleTimesValuePlusOffset_PerColumn()
    {
        var n = new Normalization(NormalizationMethod.ZScore, [100, -1], [20, 0.5]);
        double[] values = [0, 0, 1.5, 2, -1, -4];

        n.Invert<double>(values);

        // Column 0: 100 + 20 v; column 1: -1 + 0.5 v.
        Assert.Equal([100.0, -1, 130, 0, 80, -3], values);
    }

    [Fact]
    public void Invert_UndoesApply_ForStatisticsFittedOnTheData()
    {
        float[] targets = [151, 75, 141, 206, 135, 97, 138, 63];
        Normalization n = Normalization.Fit<float>(NormalizationMethod.ZScore, targets, 2);
        float[] copy = [.. targets];

        n.Apply<float>(copy);
        Assert.InRange(Math.Abs(copy.Where((_, i) => i % 2 == 0).Average()), 0, 1e-6);
        n.Invert<float>(copy);

        // Two roundings to float of values near 200 (each within 2^-24 relative) and one of the standardized value: 1e-4.
        Assert.Equal(targets, copy, (a, b) => Math.Abs(a - b) <= 1e-4f);
    }

    [Fact]
    public void Invert_OfNone_LeavesTheValues_AndPartialRowsThrow()
    {
        double[] values = [3, 4];
        Normalization.Identity(2).Invert<double>(values);
        Assert.Equal([3.0, 4], values);
        Assert.Throws<ArgumentException>(() => Normalization.Identity(2).Invert<double>(new double[3]));
    }
}
