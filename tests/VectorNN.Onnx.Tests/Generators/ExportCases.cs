using FsCheck;
using FsCheck.Fluent;
using VectorNN.Data;
using VectorNN.Layers;

namespace VectorNN.Onnx.Tests.Generators;

/// <summary>Random networks for the export tests: every activation, widths on both sides of the SIMD vector lengths, with and without normalization.</summary>
public static class ExportCases
{
    /// <summary>Widths one below, at and one above the vector lengths of float and double at 128, 256 and 512 bits.</summary>
    public static readonly int[] Widths = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65];

    /// <summary>The FsCheck arbitrary of <see cref="ExportCase"/>.</summary>
    public static Arbitrary<ExportCase> Cases() => Case.ToArbitrary();

    private static Gen<ExportCase> Case =>
        from layers in Gen.Choose(1, 3)
        from widths in Gen.Elements(Widths).ArrayOf(layers + 1)
        from hidden in Gen.Elements(Activation.Identity, Activation.Logistic, Activation.Tanh, Activation.Relu, Activation.LeakyRelu).ArrayOf(layers)
        from softmax in Gen.Elements(true, false)
        from normalization in Gen.Elements(NormalizationMethod.ZScore, NormalizationMethod.MinMax, NormalizationMethod.None).Select(m => (NormalizationMethod?)m).Or(Gen.Constant<NormalizationMethod?>(null))
        from batch in Gen.Choose(1, 9)
        from seed in Gen.Choose(0, int.MaxValue)
        select Build(widths, Last(hidden, softmax), normalization, batch, (ulong)seed);

    private static Gen<T> Or<T>(this Gen<T> gen, Gen<T> other) => Gen.Frequency((3, gen), (1, other));

    private static Activation[] Last(Activation[] activations, bool softmax)
    {
        if (softmax)
        {
            activations[^1] = Activation.Softmax;
        }

        return activations;
    }

    private static ExportCase Build(int[] widths, Activation[] activations, NormalizationMethod? method, int batch, ulong seed)
    {
        var random = new Random((int)seed);
        int parameters = 0;
        for (int i = 1; i < widths.Length; i++)
        {
            parameters += (widths[i] * widths[i - 1]) + widths[i];
        }

        double[] values = [.. Enumerable.Range(0, parameters).Select(i => (random.NextDouble() * 2) - 1)];

        // Raw features far from zero and of mixed scale, as unnormalized data is.
        double[] inputs = [.. Enumerable.Range(0, batch * widths[0]).Select(i => 50 + (random.NextDouble() * 100 * (1 + (i % 3))))];
        Normalization? normalization = method is { } m ? Normalization.Fit<double>(m, inputs, widths[0]) : null;
        return new ExportCase(widths, activations, values, normalization, batch, inputs, seed);
    }
}
