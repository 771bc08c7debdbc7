using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathNet.Numerics.LinearAlgebra;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Tests.Generators;
using VectorNN.Tests.Oracles;
using VectorNN.Training;
using Xunit;

namespace VectorNN.Tests.Training;

/// <summary>
/// Back-propagation against the independent MathNet reference model: the forward pass, the loss, and every
/// parameter's gradient against central finite differences of the reference loss.
/// </summary>
public sealed class BackpropagationTests
{
    [Property(Arbitrary = new[] { typeof(NetworkCases) }, MaxTest = 150)]
    public Property Gradients_MatchCentralDifferencesOfTheReferenceLoss(NetworkCase c)
    {
        NetworkCase net = c;
        return Prop.When(!NearAKink(net), () => CheckGradients(net));
    }

    [Property(MaxTest = 60)]
    public Property Gradients_OfBatchesCutIntoChunks_MatchTheReference() =>
        // Batches past 16 samples, which the kernels' path cuts into chunks by default, and networks without a hidden
        // layer, whose only layer runs in the chunks too (otherwise the first layer runs over the whole batch first).
        Prop.ForAll(
            NetworkCases.Generate(minHidden: 0, maxHidden: 2, widths: Gen.Choose(1, 9), maxBatch: 40).ToArbitrary(),
            c => Prop.When(!NearAKink(c), () => CheckGradients(c)));

    [Fact]
    public void TwoPassesOnOneNetwork_KeepTheirOwnGradients()
    {
        // Two trainers on one network each hold a pass: the second one's batch must not change the first one's
        // gradients (they once shared one buffer in the network).
        var network = new Network<double>(3, new LayerSpec(4, Activation.Tanh), new LayerSpec(2, Activation.Identity));
        network.Initialize(new WeightInit.Glorot(), 7);
        var first = new Backpropagation<double>(network, Loss.MeanSquaredError, 2);
        var second = new Backpropagation<double>(network, Loss.MeanSquaredError, 2);
        double[] inputs = [0.5, -1, 2, 1.5, 0.25, -0.75];
        first.ComputeGradients(inputs, [1, 0, 0, 1], 2);
        double[] before = first.Gradients.Values.ToArray();
        second.ComputeGradients(inputs, [-3, 2, 5, -4], 2);

        Assert.Equal(before, first.Gradients.Values.ToArray());
        Assert.NotEqual(before, second.Gradients.Values.ToArray());
    }

    [Fact]
    public void ComputeGradients_Overwrites_SoRepeatingABatchGivesTheSameGradients()
    {
        // The gradient contract: each call replaces the gradients (nothing accumulates between steps).
        var network = new Network<double>(3, new LayerSpec(4, Activation.Relu), new LayerSpec(2, Activation.Identity));
        network.Initialize(new WeightInit.Glorot(), 11);
        var pass = new Backpropagation<double>(network, Loss.MeanSquaredError, 2);
        double[] inputs = [0.5, -1, 2, 1.5, 0.25, -0.75];
        double[] targets = [1, 0, 0, 1];
        pass.ComputeGradients(inputs, targets, 2);
        double[] once = pass.Gradients.Values.ToArray();
        pass.ComputeGradients(inputs, targets, 2);

        Assert.Equal(once, pass.Gradients.Values.ToArray());
        pass.ComputeGradients(inputs.AsSpan(0, 3), targets.AsSpan(0, 2), 1);
        double[] single = pass.Gradients.Values.ToArray();
        pass.ComputeGradients(inputs.AsSpan(0, 3), targets.AsSpan(0, 2), 1);
        Assert.Equal(single, pass.Gradients.Values.ToArray());
    }

    [Property(Arbitrary = new[] { typeof(NetworkCases) }, MaxTest = 200)]
    public void FloatGradients_AgreeWithDouble_WithinTheRoundingBound(NetworkCase c)
    {
        // The case's values are multiples of 2^-20 of size at most 4, exact in float: both networks start equal.
        Network<double> wide = c.Build<double>();
        Network<float> narrow = c.Build<float>();
        var widePass = new Backpropagation<double>(wide, c.Loss, c.Batch);
        var narrowPass = new Backpropagation<float>(narrow, c.Loss, c.Batch);
        double wideLoss = widePass.ComputeGradients(c.Inputs, c.Targets, c.Batch);
        double narrowLoss = narrowPass.ComputeGradients(Values.As<float>(c.Inputs), Values.As<float>(c.Targets), c.Batch);

        // Each gradient passes through L forward and L backward products whose sums have at most n = max(width,
        // batch) terms, each within gamma_n ~ n u of the sum of the magnitudes (u = 2^-24; the double result is exact
        // by comparison). With inputs and weights of order one those magnitudes are of the order of the largest
        // gradient component, or of the outputs where the gradient itself cancels (outputs near their targets):
        // hence a bound normwise in the largest component plus a floor of 1e-3. Doubling for the activations' and
        // the loss's few roundings gives 4 L (width + batch) u; the largest seen in 2000 cases was 18 u.
        int layers = c.Widths.Length - 1;
        double u = ErrorBound.SingleUnit;
        double bound = 4 * layers * (c.Widths.Max() + c.Batch) * u;
        ReadOnlySpan<double> g = widePass.Gradients.Values;
        ReadOnlySpan<float> f = narrowPass.Gradients.Values;
        double largest = 0;
        foreach (double v in g)
        {
            largest = Math.Max(largest, Math.Abs(v));
        }

        for (int i = 0; i < g.Length; i++)
        {
            Assert.True(
                Math.Abs(f[i] - g[i]) <= bound * (largest + 1e-3),
                $"{c}: parameter {i}: float {f[i]:R}, double {g[i]:R}, bound {bound * (largest + 1e-3):E2}");
        }

        Assert.True(Math.Abs(narrowLoss - wideLoss) <= bound * (Math.Abs(wideLoss) + 1), $"{c}: loss float {narrowLoss:R}, double {wideLoss:R}");
    }

    /// <summary>
    /// Back-propagation of the weighted batch loss, and through fixed dropout masks, against the reference model given the
    /// same weights and masks (<see cref="WeightedCases"/>).
    /// </summary>
    [Property(Arbitrary = new[] { typeof(WeightedCases) }, MaxTest = 150)]
    public Property WeightedAndMaskedGradients_MatchCentralDifferencesOfTheReferenceLoss(WeightedCase w)
    {
        WeightedCase net = w;
        return Prop.When(!NearAKink(net.Case, net.Masks), () => CheckGradients(net.Case, net.Weights, net.Masks));
    }

    [Fact]
    public void EqualWeights_GiveTheUnweightedGradients_BitForBit()
    {
        // w_s / sum w = 1 / batch exactly for equal power-of-two weights, so nothing may differ.
        var network = new Network<double>(3, new LayerSpec(4, Activation.Tanh), new LayerSpec(2, Activation.Softmax));
        network.Initialize(new WeightInit.Glorot(), 5);
        var pass = new Backpropagation<double>(network, Loss.CrossEntropy, 2);
        double[] inputs = [0.5, -1, 2, 1.5, 0.25, -0.75];
        double[] targets = [1, 0, 0, 1];
        double plain = pass.ComputeGradients(inputs, targets, 2);
        double[] plainGradients = pass.Gradients.Values.ToArray();
        double weighted = pass.ComputeGradients(inputs, targets, [4.0, 4.0], 2);

        Assert.Equal(plain, weighted);
        Assert.Equal(plainGradients, pass.Gradients.Values.ToArray());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ANonPositiveOrNonFiniteWeight_IsRefused(double bad)
    {
        var network = new Network<double>(1, new LayerSpec(2, Activation.Softmax));
        var pass = new Backpropagation<double>(network, Loss.CrossEntropy, 2);
        var e = Assert.Throws<ArgumentException>(() => pass.ComputeGradients([1.0, 2.0], [1, 0, 0, 1], [1.0, bad], 2));
        Assert.Equal("sampleWeights", e.ParamName);
        Assert.Contains("Sample 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MasksAreIgnored_UnlessApplyDropoutIsOn()
    {
        // Evaluation and prediction run the layer as it is: a pass with masks but ApplyDropout off gives the loss of a
        // network without dropout.
        var plainNetwork = new Network<double>(2, new LayerSpec(3, Activation.Tanh), new LayerSpec(1, Activation.Identity));
        plainNetwork.Initialize(new WeightInit.Glorot(), 3);
        var dropping = new Network<double>(
            2, new LayerSpec(3, Activation.Tanh) { DropoutRate = 0.5 }, new LayerSpec(1, Activation.Identity));
        dropping.SetParameters(plainNetwork.GetParameters());
        var plain = new Backpropagation<double>(plainNetwork, Loss.MeanSquaredError, 1);
        var pass = new Backpropagation<double>(dropping, Loss.MeanSquaredError, 1);
        pass.DropoutMask(0).Fill(0);
        double expected = plain.ComputeLoss([0.5, -1], [0.25], 1);

        Assert.Equal(expected, pass.ComputeLoss([0.5, -1], [0.25], 1));
        pass.ApplyDropout = true;
        Assert.NotEqual(expected, pass.ComputeLoss([0.5, -1], [0.25], 1));
        Assert.True(pass.DropoutMask(1).IsEmpty);
    }

    private static void CheckGradients(NetworkCase c) => CheckGradients(c, null, null);

    private static Matrix<double>?[]? MaskMatrices(NetworkCase c, double[][]? masks) =>
        masks?.Select((m, i) => (Matrix<double>?)MathNetOracle.Matrix(m, c.Batch, c.Widths[i + 1])).ToArray();

    /// <summary>
    /// Checks every path of <see cref="Backpropagation{T}"/> against the reference: the fused loops that every network of
    /// these cases takes by default on small batches (its widths are at most <see cref="SmallNetworkPass.MaxWidth"/>),
    /// here on every batch, and the kernels' path, on the whole batch and in chunks.
    /// </summary>
    private static void CheckGradients(NetworkCase c, double[]? weights, double[][]? masks)
    {
        ReferenceNetwork reference = c.ReferenceNetwork();
        Matrix<double> inputs = c.InputMatrix();
        Matrix<double> targets = c.TargetMatrix();
        Matrix<double>?[]? maskMatrices = MaskMatrices(c, masks);
        (Backpropagation<double> Pass, double Loss, double[] InputGradient)[] runs =
            [Run(c, weights, masks, fused: true), Run(c, weights, masks, fused: false), Run(c, weights, masks, fused: false, chunkRows: 2)];
        if (masks is null && weights is null && c.Batch == 1)
        {
            runs = [.. runs, RunWithoutInputGradient(c)];
        }

        if (masks is not null || weights is not null)
        {
            // The forward comparison below is of the plain network; with masks only the loss is compared.
            double expectedLoss = reference.Loss(inputs, targets, c.ReferenceLoss(), weights, maskMatrices);
            double[] numericWeighted = FiniteDifference.Gradient(
                p =>
                {
                    reference.SetParameters(p);
                    return reference.Loss(inputs, targets, c.ReferenceLoss(), weights, maskMatrices);
                },
                c.Parameters);
            double roundingWeighted = FiniteDifference.RoundingError(Magnitude(reference, inputs, targets, maskMatrices));
            reference.SetParameters(c.Parameters);
            double[] numericInputsWeighted = FiniteDifference.Gradient(
                x => reference.Loss(MathNetOracle.Matrix(x, c.Batch, c.Widths[0]), targets, c.ReferenceLoss(), weights, maskMatrices), c.Inputs);
            foreach ((Backpropagation<double> pass, double loss, double[] inputGradient) in runs)
            {
                string path = $"{c} ({PathName(pass, inputGradient)})";
                Assert.True(Math.Abs(loss - expectedLoss) <= 1e-12 * Math.Max(1, Math.Abs(expectedLoss)), $"{path}: loss {loss:R} vs reference {expectedLoss:R}");
                Compare.Gradients(pass.Gradients.Values, numericWeighted, roundingWeighted, $"{path}: parameter");
                Compare.Gradients(inputGradient, numericInputsWeighted, roundingWeighted, $"{path}: input");
            }

            return;
        }

        // Forward: the two models take the same operations in different orders (blocked FMA sums against MathNet's
        // loops), a few roundings of values of order one per layer, so 1e-12 of the largest output bounds the gap
        // with ample room; the loss likewise, relative to its own magnitude plus that of the outputs.
        Matrix<double> expected = reference.Forward(inputs);
        double scale = Math.Max(1, expected.Enumerate().Max(Math.Abs));
        double referenceLoss = reference.Loss(inputs, targets, c.ReferenceLoss());
        double[] numeric = FiniteDifference.Gradient(
            p =>
            {
                reference.SetParameters(p);
                return reference.Loss(inputs, targets, c.ReferenceLoss());
            },
            c.Parameters);

        // 1e-6 relative, the criterion, except for components so small that the finite difference's own rounding
        // dominates (FiniteDifference.RoundingError): its magnitude is that of the values the loss is computed from,
        // the largest pre-activation plus the log-sum-exp or the largest output and target.
        double magnitude = Magnitude(reference, inputs, targets);
        double roundingError = FiniteDifference.RoundingError(magnitude);

        // The input gradient, by differences of the reference loss in each input.
        reference.SetParameters(c.Parameters);
        double[] numericInputs = FiniteDifference.Gradient(
            x => reference.Loss(MathNetOracle.Matrix(x, c.Batch, c.Widths[0]), targets, c.ReferenceLoss()), c.Inputs);
        foreach ((Backpropagation<double> pass, double loss, double[] inputGradient) in runs)
        {
            string path = $"{c} ({PathName(pass, inputGradient)})";
            for (int i = 0; i < c.Batch * c.Outputs; i++)
            {
                double e = expected[i / c.Outputs, i % c.Outputs];
                Assert.True(Math.Abs(pass.Outputs[i] - e) <= 1e-12 * scale, $"{path}: output {i}: {pass.Outputs[i]:R} vs reference {e:R}");
            }

            Assert.True(Math.Abs(loss - referenceLoss) <= 1e-12 * Math.Max(1, Math.Abs(referenceLoss)), $"{path}: loss {loss:R} vs reference {referenceLoss:R}");
            Compare.Gradients(pass.Gradients.Values, numeric, roundingError, $"{path}: parameter");
            if (inputGradient.Length > 0)
            {
                Compare.Gradients(inputGradient, numericInputs, roundingError, $"{path}: input");
            }
        }
    }

    private static string PathName(Backpropagation<double> pass, double[] inputGradient) =>
        inputGradient.Length == 0 ? (pass.RegisterRows ? "registers" : "fused, no input gradient")
        : pass.FusedBatchLimit > 0 ? "fused" : pass.ChunkRowsLimit > 0 ? $"kernels, chunks of {pass.ChunkRowsLimit} samples" : "kernels";

    /// <summary>
    /// One sample without the input gradient, as a trainer asks for it: the register path where the network and the
    /// processor allow it (<see cref="RegisterRowPass"/>), else the fused loops.
    /// </summary>
    private static (Backpropagation<double> Pass, double Loss, double[] InputGradient) RunWithoutInputGradient(NetworkCase c)
    {
        Network<double> network = c.Build<double>();
        var pass = new Backpropagation<double>(network, c.Loss, 1);
        Assert.Equal(RegisterRowPass.Fits(network), pass.RegisterRows);
        double loss = pass.ComputeGradients(c.Inputs, c.Targets, 1);
        return (pass, loss, []);
    }

    /// <summary>
    /// One pass of the case on the fused path or the kernels' path, with its masks and weights; on the kernels' path with
    /// <paramref name="chunkRows"/> set, in chunks of that many samples (each with its share of the weights and masks),
    /// which the batches of these cases are too small to take by default.
    /// </summary>
    private static (Backpropagation<double> Pass, double Loss, double[] InputGradient) Run(
        NetworkCase c, double[]? weights, double[][]? masks, bool fused, int chunkRows = 0)
    {
        Network<double> network = c.Build<double>(masks is null ? 0 : 0.5);
        var pass = new Backpropagation<double>(network, c.Loss, c.Batch);
        Assert.Equal(SmallNetworkPass.MaxBatch, pass.FusedBatchLimit);

        // Either path on any batch: the fused one is taken by default up to SmallNetworkPass.MaxBatch samples.
        pass.FusedBatchLimit = fused ? int.MaxValue : 0;
        pass.ChunkRowsLimit = chunkRows;
        if (masks is not null)
        {
            pass.ApplyDropout = true;
            for (int i = 0; i < masks.Length; i++)
            {
                masks[i].CopyTo(pass.DropoutMask(i));
            }
        }

        var inputGradient = new double[c.Inputs.Length];
        double loss = pass.ComputeGradients(c.Inputs, c.Targets, weights, c.Batch, inputGradient);
        return (pass, loss, inputGradient);
    }

    /// <summary>
    /// Whether a rectifier's pre-activation lies so close to 0 that the finite difference's steps straddle the kink,
    /// where the function has no derivative to compare with. With parameters and inputs on a grid of 2^-20 such cases
    /// are rare; they are set aside rather than compared.
    /// </summary>
    internal static bool NearAKink(NetworkCase c, double[][]? masks = null)
    {
        // Masks scale what the next layer reads, so the pre-activations of every later layer are those of the masked network.
        IReadOnlyList<Matrix<double>> z = c.ReferenceNetwork().PreActivations(c.InputMatrix(), MaskMatrices(c, masks));
        for (int layer = 0; layer < c.Activations.Length; layer++)
        {
            if (c.Activations[layer] is Activation.Relu or Activation.LeakyRelu &&
                z[layer].Enumerate().Any(v => Math.Abs(v) < 1e-4))
            {
                return true;
            }
        }

        return false;
    }

    private static double Magnitude(
        ReferenceNetwork reference, Matrix<double> inputs, Matrix<double> targets, IReadOnlyList<Matrix<double>?>? masks = null)
    {
        double largest = 1;
        foreach (Matrix<double> z in reference.PreActivations(inputs, masks))
        {
            largest = Math.Max(largest, z.Enumerate().Max(Math.Abs));
        }

        double outputs = ReferenceNetwork.Activate(reference.PreActivations(inputs, masks)[^1], reference.Activations[^1]).Enumerate().Max(Math.Abs);
        return 2 * (largest + outputs + targets.Enumerate().Max(Math.Abs) + Math.Log(Math.Max(1, targets.ColumnCount)));
    }
}
