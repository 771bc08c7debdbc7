using FsCheck;
using FsCheck.Fluent;
using VectorNN.Tests.Oracles;

namespace VectorNN.Tests.Generators;

/// <summary>
/// FsCheck arbitraries of small random networks for the reference model: 0 to 2 hidden layers, widths 1 to
/// <see cref="MaxWidth"/>, batches of 1 to <see cref="MaxBatch"/>.
/// </summary>
/// <remarks>
/// Values come from <see cref="Values.Finite"/> scaled down: parameters to [-1/4, 1/4] and inputs to [-1, 1], so
/// pre-activations stay of order one (at most 6 * 1/4 * 1 + 1/4 = 1.75 after the first layer). Saturated softmax or
/// logistic outputs would make gradient components tiny, below what central differences resolve to 1e-6 relative
/// (see <see cref="FiniteDifference.Gradient"/>).
/// </remarks>
public static class ReferenceCases
{
    /// <summary>The widest layer.</summary>
    public const int MaxWidth = 6;

    /// <summary>The largest batch.</summary>
    public const int MaxBatch = 4;

    /// <summary>Every loss with an output activation it fits and targets of its kind.</summary>
    public static Arbitrary<ReferenceCase> Any() =>
        Generate(Gen.Elements(Enum.GetValues<ReferenceLoss>())).ToArbitrary();

    /// <summary>Cases for the given losses.</summary>
    internal static Gen<ReferenceCase> Generate(
        Gen<ReferenceLoss> losses, int minHidden = 0, int maxHidden = 2, int maxWidth = MaxWidth, int maxBatch = MaxBatch) =>
        from loss in losses
        from hidden in Gen.Choose(minHidden, maxHidden)
        from widths in Gen.Choose(1, maxWidth).ArrayOf(hidden + 2)
        from hiddenActivations in Gen.Elements(HiddenActivations).ArrayOf(hidden)
        from output in OutputActivation(loss)
        from batch in Gen.Choose(1, maxBatch)
        from parameters in Values.Array(ParameterCount(widths))
        from inputs in Values.Array(batch * widths[0])
        from targets in Targets(loss, batch, widths[^1])
        select new ReferenceCase(
            widths, [.. hiddenActivations, output], loss, Scale(parameters, 1.0 / 16), batch, Scale(inputs, 1.0 / 4), targets);

    /// <summary>Softmax belongs on the output layer only.</summary>
    private static readonly ReferenceActivation[] HiddenActivations =
        [.. Enum.GetValues<ReferenceActivation>().Where(a => a != ReferenceActivation.Softmax)];

    private static Gen<ReferenceActivation> OutputActivation(ReferenceLoss loss) => loss switch
    {
        ReferenceLoss.CrossEntropy => Gen.Constant(ReferenceActivation.Softmax),
        ReferenceLoss.BinaryCrossEntropy => Gen.Constant(ReferenceActivation.Logistic),
        _ => Gen.Elements(Enum.GetValues<ReferenceActivation>()),
    };

    private static Gen<double[]> Targets(ReferenceLoss loss, int batch, int outputs) => loss switch
    {
        // One-hot rows: the targets of classification, which sum to 1 as the closed form (softmax - t) assumes.
        ReferenceLoss.CrossEntropy =>
            Gen.Choose(0, outputs - 1).ArrayOf(batch).Select(classes =>
            {
                var t = new double[batch * outputs];
                for (int n = 0; n < batch; n++)
                {
                    t[n * outputs + classes[n]] = 1;
                }

                return t;
            }),
        ReferenceLoss.BinaryCrossEntropy => Gen.Choose(0, 4).Select(i => i / 4.0).ArrayOf(batch * outputs),
        _ => Values.Array(batch * outputs).Select(t => Scale(t, 1.0 / 4)),
    };

    private static int ParameterCount(int[] widths)
    {
        int count = 0;
        for (int i = 0; i + 1 < widths.Length; i++)
        {
            count += widths[i + 1] * (widths[i] + 1);
        }

        return count;
    }

    private static double[] Scale(double[] values, double factor) => Array.ConvertAll(values, v => v * factor);
}
