using FsCheck;
using FsCheck.Fluent;
using VectorNN.Layers;
using VectorNN.Losses;

namespace VectorNN.Testing;

/// <summary>
/// FsCheck generators of small random networks with a batch for them (<see cref="NetworkCase"/>): any depth, widths,
/// hidden activations, and each loss with the output activations it fits and targets of its kind.
/// <c>[Property(Arbitrary = new[] { typeof(NetworkCases) })]</c> draws from <see cref="Any"/>.
/// </summary>
/// <remarks>
/// Values come from <see cref="Values.Finite"/> scaled down: parameters to [-1/4, 1/4] and inputs to [-1, 1], so
/// pre-activations of narrow layers stay of order one (at most 6 * 1/4 * 1 + 1/4 = 1.75 after a first layer of 6
/// inputs). Saturated softmax or logistic outputs would make gradient components tiny, below what central differences
/// resolve to 1e-6 relative (see <see cref="FiniteDifference.Gradient"/>). The values stay exact in float, so a network
/// built in float and one built in double start equal.
/// </remarks>
public static class NetworkCases
{
    /// <summary>The widest layer of <see cref="Any"/>: past 16, so widths below, at and above every float vector length occur.</summary>
    public const int MaxWidth = 17;

    /// <summary>The largest batch of <see cref="Any"/>.</summary>
    public const int MaxBatch = 9;

    /// <summary>Softmax belongs on the output layer only.</summary>
    private static readonly Activation[] HiddenActivations = [.. Enum.GetValues<Activation>().Where(a => a != Activation.Softmax)];

    /// <summary>
    /// Networks of 1 to 3 hidden layers, widths 1 to <see cref="MaxWidth"/> and batches of 1 to <see cref="MaxBatch"/>,
    /// with every loss, every output activation it fits and every hidden activation.
    /// </summary>
    public static Arbitrary<NetworkCase> Any() =>
        Generate(minHidden: 1, maxHidden: 3, widths: Gen.Choose(1, MaxWidth), maxBatch: MaxBatch).ToArbitrary();

    /// <summary>Random networks and batches within the given limits.</summary>
    /// <param name="losses">The losses to draw; every loss when null.</param>
    /// <param name="minHidden">The fewest hidden layers, zero or more.</param>
    /// <param name="maxHidden">The most hidden layers.</param>
    /// <param name="widths">The width of each layer and of the input; 1 to 6 when null. Use
    /// <see cref="Shapes.PositiveDimension"/> for widths around the vector boundaries.</param>
    /// <param name="maxBatch">The largest batch, one or more.</param>
    public static Gen<NetworkCase> Generate(
        Gen<Loss>? losses = null, int minHidden = 0, int maxHidden = 2, Gen<int>? widths = null, int maxBatch = 4)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minHidden);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHidden, minHidden);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        Gen<int> width = widths ?? Gen.Choose(1, 6);
        return from loss in losses ?? Gen.Elements(Enum.GetValues<Loss>())
               from hidden in Gen.Choose(minHidden, maxHidden)
               from layerWidths in width.ArrayOf(hidden + 2)
               from hiddenActivations in Gen.Elements(HiddenActivations).ArrayOf(hidden)
               from output in Gen.Elements(Enum.GetValues<Activation>().Where(a => loss.Fits(a)).ToArray())
               from c in Fill(layerWidths, [.. hiddenActivations, output], loss, maxBatch)
               select c;
    }

    /// <summary>
    /// Random parameters and batches for one architecture: a network of the user's own shape.
    /// </summary>
    /// <param name="widths">The input width, then each layer's output width, all at least 1.</param>
    /// <param name="activations">One activation per layer.</param>
    /// <param name="loss">The loss; it must fit the last activation.</param>
    /// <param name="maxBatch">The largest batch, one or more.</param>
    /// <exception cref="ArgumentException">The shape is empty, a width is below 1, the counts disagree, or the loss does not fit.</exception>
    public static Gen<NetworkCase> ForShape(IReadOnlyList<int> widths, IReadOnlyList<Activation> activations, Loss loss, int maxBatch = MaxBatch)
    {
        ArgumentNullException.ThrowIfNull(widths);
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        if (widths.Count < 2 || widths.Any(w => w < 1))
        {
            throw new ArgumentException($"A network needs an input width and at least one layer, each 1 or more; got [{string.Join(", ", widths)}].", nameof(widths));
        }

        if (activations.Count != widths.Count - 1)
        {
            throw new ArgumentException($"{widths.Count - 1} layers need {widths.Count - 1} activations; got {activations.Count}.", nameof(activations));
        }

        if (!loss.Fits(activations[^1]))
        {
            throw new ArgumentException($"{loss} does not fit an output layer of {activations[^1]}.", nameof(loss));
        }

        return Fill([.. widths], [.. activations], loss, maxBatch);
    }

    /// <summary>Parameters, a batch size, inputs and targets for a fixed architecture.</summary>
    private static Gen<NetworkCase> Fill(int[] widths, Activation[] activations, Loss loss, int maxBatch) =>
        from batch in Gen.Choose(1, maxBatch)
        from parameters in Values.Array(ParameterCount(widths))
        from inputs in Values.Array(batch * widths[0])
        from targets in Targets(loss, batch, widths[^1])
        select new NetworkCase(widths, activations, loss, Scale(parameters, 1.0 / 16), batch, Scale(inputs, 1.0 / 4), targets);

    private static Gen<double[]> Targets(Loss loss, int batch, int outputs) => loss switch
    {
        // One-hot rows: the targets of classification, which sum to 1 as the closed form (softmax - t) assumes.
        Loss.CrossEntropy =>
            Gen.Choose(0, outputs - 1).ArrayOf(batch).Select(classes =>
            {
                var t = new double[batch * outputs];
                for (int n = 0; n < batch; n++)
                {
                    t[n * outputs + classes[n]] = 1;
                }

                return t;
            }),
        // Probabilities in quarters, including the certain 0 and 1.
        Loss.BinaryCrossEntropy => Gen.Choose(0, 4).Select(i => i / 4.0).ArrayOf(batch * outputs),
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
