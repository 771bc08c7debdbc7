using System.Runtime.Intrinsics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VectorNN.Kernels.Widths;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Testing;
using VectorNN.Training;
using Xunit;

namespace VectorNN.Tests.Training;

/// <summary>
/// One sample through a network of widths up to 8 (<see cref="RegisterRowPass"/>): in float against the same network
/// in double on the kernels' path, in double against the kernels' path, and which networks take it. Where the
/// processor lacks the instructions (AVX2 and FMA for float, AVX-512 for double; the CI passes without them) no network
/// takes it, and the properties check that instead.
/// </summary>
public sealed class RegisterRowPassTests
{
    /// <summary>Every loss and activation, 0 to 3 hidden layers, every width 1 to 8, one sample.</summary>
    public static class OneSampleCases
    {
        public static Arbitrary<NetworkCase> Case() =>
            NetworkCases.Generate(minHidden: 0, maxHidden: 3, widths: Gen.Choose(1, RegisterRowPass.MaxWidth), maxBatch: 1).ToArbitrary();
    }

    [Property(Arbitrary = new[] { typeof(OneSampleCases) }, MaxTest = 400)]
    public Property RegisterRows_AgreeWithDoubleOnTheKernels_WithinTheFloatRoundingBound(NetworkCase c) =>
        Prop.When(!BackpropagationTests.NearAKink(c), () =>
        {
            var narrow = new Backpropagation<float>(c.Build<float>(), c.Loss, 1);
            Assert.Equal(RegisterRowPass.IsSupported<float>(), narrow.RegisterRows);
            var wide = new Backpropagation<double>(c.Build<double>(), c.Loss, 1) { FusedBatchLimit = 0, RegisterRows = false };
            double narrowLoss = narrow.ComputeGradients(Values.As<float>(c.Inputs), Values.As<float>(c.Targets), 1);
            double wideLoss = wide.ComputeGradients(c.Inputs, c.Targets, 1);

            // The bound of BackpropagationTests.FloatGradients_AgreeWithDouble: L forward and L backward products
            // whose sums have at most max(width, batch) terms, doubled for the activations' and the loss's few
            // roundings: 4 L (width + batch) u (the tree of horizontal sums is within the bound of a sum left to right).
            // It scales the magnitudes the roundings are relative to: the largest gradient component, and the outputs,
            // since an output gradient o - t that cancels carries o's rounding (u |o|) into every gradient. Outputs are
            // sums of terms of order one (inputs and weights up to 4) that may cancel: a floor of 1. The float kernels'
            // path has the same errors on these cases (up to 5e-6 of the gradient's own size in 5,000 of them).
            int layers = c.Widths.Length - 1;
            double bound = 4 * layers * (c.Widths.Max() + 1) * ErrorBound.SingleUnit;
            double scale = Largest(wide.Gradients.Values) + Math.Max(1, Largest(wide.Outputs));
            Close(narrow.Gradients.Values, wide.Gradients.Values, bound * scale, $"{c}: parameter");
            Close(narrow.Outputs, wide.Outputs, bound * scale, $"{c}: output");
            Assert.True(Math.Abs(narrowLoss - wideLoss) <= bound * (Math.Abs(wideLoss) + 1), $"{c}: loss float {narrowLoss:R}, double {wideLoss:R}");

            // Repeated, the pass gives the same bits.
            float[] first = narrow.Gradients.Values.ToArray();
            narrow.ComputeGradients(Values.As<float>(c.Inputs), Values.As<float>(c.Targets), 1);
            Assert.Equal(first, narrow.Gradients.Values.ToArray());
        });

    [Property(Arbitrary = new[] { typeof(OneSampleCases) }, MaxTest = 400)]
    public Property DoubleRegisterRows_AgreeWithTheKernels_WithinTheRoundingOfTheirSums(NetworkCase c) =>
        Prop.When(!BackpropagationTests.NearAKink(c), () =>
        {
            var registers = new Backpropagation<double>(c.Build<double>(), c.Loss, 1);
            Assert.Equal(RegisterRowPass.IsSupported<double>(), registers.RegisterRows);
            var kernels = new Backpropagation<double>(c.Build<double>(), c.Loss, 1) { FusedBatchLimit = 0, RegisterRows = false };
            double registersLoss = registers.ComputeGradients(c.Inputs, c.Targets, 1);
            double kernelsLoss = kernels.ComputeGradients(c.Inputs, c.Targets, 1);

            // Both are within the bound of the float property above, in double's unit, of the exact result; so within
            // twice that of each other.
            int layers = c.Widths.Length - 1;
            double bound = 2 * 4 * layers * (c.Widths.Max() + 1) * ErrorBound.DoubleUnit;
            double scale = Largest(kernels.Gradients.Values) + Math.Max(1, Largest(kernels.Outputs));
            Close(registers.Gradients.Values, kernels.Gradients.Values, bound * scale, $"{c}: parameter");
            Close(registers.Outputs, kernels.Outputs, bound * scale, $"{c}: output");
            Assert.True(Math.Abs(registersLoss - kernelsLoss) <= bound * (Math.Abs(kernelsLoss) + 1), $"{c}: loss registers {registersLoss:R}, kernels {kernelsLoss:R}");

            // With a sample weight, the same loss and gradients within the same bound (the weight's share w (1 / w) is
            // within a rounding of 1, on both paths alike).
            double[] weight = [0.75];
            registersLoss = registers.ComputeGradients(c.Inputs, c.Targets, weight, 1);
            kernelsLoss = kernels.ComputeGradients(c.Inputs, c.Targets, weight, 1);
            Close(registers.Gradients.Values, kernels.Gradients.Values, bound * scale, $"{c}, weighted: parameter");
            Assert.True(Math.Abs(registersLoss - kernelsLoss) <= bound * (Math.Abs(kernelsLoss) + 1), $"{c}, weighted: loss registers {registersLoss:R}, kernels {kernelsLoss:R}");
        });

    /// <summary>
    /// The output gradient from a register has <see cref="LossLayer"/>'s bits for every loss and width, unweighted and
    /// with a sample weight, and the loss's flag for whether the activation's derivative follows. Outputs and targets
    /// are drawn as the losses meet them: probabilities for the cross-entropies (targets summing to more or less than 1
    /// too), any values for the squares.
    /// </summary>
    [Property(MaxTest = 300)]
    public void OutputGradient_HasTheLossLayersBits(int seed)
    {
        var random = new Random(seed);
        foreach (Loss loss in Enum.GetValues<Loss>())
        {
            for (int outputs = 1; outputs <= RegisterRowPass.MaxWidth; outputs++)
            {
                bool probabilities = loss is Loss.CrossEntropy or Loss.BinaryCrossEntropy;
                double[] o = new double[RegisterRowPass.MaxWidth];
                double[] t = new double[outputs];
                for (int k = 0; k < outputs; k++)
                {
                    o[k] = probabilities ? random.NextDouble() : (random.NextDouble() - 0.5) * 64;
                    t[k] = probabilities ? random.NextDouble() : (random.NextDouble() - 0.5) * 64;
                }

                // A weight w gives the share w (1 / w), which rounds to 1 or next to it.
                double[][] weights = [[], [0.1 + (random.NextDouble() * 10)]];
                foreach (double[] weight in weights)
                {
                    if (RegisterRowPass.IsSupported<float>())
                    {
                        float[] of = Values.As<float>(o);
                        float[] tf = Values.As<float>(t);
                        float[] wf = Values.As<float>(weight);
                        var actual = new float[RegisterRowPass.MaxWidth];
                        double share = LossShares.Of<float>(wf, 1).Share<float>(wf, 0);
                        Vector256.CopyTo(RegisterRowPass.OutputGradient<float, Vector256<float>, SingleRows>(loss, Vector256.Create(of), tf, outputs, share), actual);
                        AgreesWithTheLossLayer(loss, of, tf, wf, actual);
                    }

                    if (RegisterRowPass.IsSupported<double>())
                    {
                        var actual = new double[RegisterRowPass.MaxWidth];
                        double share = LossShares.Of<double>(weight, 1).Share<double>(weight, 0);
                        Vector512.CopyTo(RegisterRowPass.OutputGradient<double, Vector512<double>, DoubleRows>(loss, Vector512.Create(o), t, outputs, share), actual);
                        AgreesWithTheLossLayer(loss, o, t, weight, actual);
                    }
                }
            }
        }
    }

    private static void AgreesWithTheLossLayer<T>(Loss loss, T[] o, T[] t, T[] weight, T[] actual)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        int outputs = t.Length;
        var expected = new T[outputs];
        bool through = LossLayer.OutputGradient<T>(loss, o.AsSpan(0, outputs), t, 1, outputs, weight, expected);
        Assert.Equal(expected, actual[..outputs]);
        Assert.All(actual[outputs..], v => Assert.Equal(T.Zero, v));
        Assert.Equal(through, LossLayer.GoesThroughActivation(loss));
    }

    [Fact]
    public void NetworksOfWidthsUpToEight_WithoutDropout_TakeThePath_AndNoOthers()
    {
        Assert.Equal(RegisterRowPass.IsSupported<float>(), Pass<float>(4, 5, 3).RegisterRows);
        Assert.Equal(RegisterRowPass.IsSupported<double>(), Pass<double>(4, 5, 3).RegisterRows);
        Assert.Equal(RegisterRowPass.IsSupported<float>(), Pass<float>(RegisterRowPass.MaxWidth, RegisterRowPass.MaxWidth, RegisterRowPass.MaxWidth).RegisterRows);
        Assert.False(Pass<float>(RegisterRowPass.MaxWidth + 1, 5, 3).RegisterRows);
        Assert.False(Pass<float>(4, RegisterRowPass.MaxWidth + 1, 3).RegisterRows);
        Assert.False(Pass<double>(4, 5, RegisterRowPass.MaxWidth + 1).RegisterRows);
        var dropout = new Network<float>(4, new LayerSpec(5, Activation.Tanh) { DropoutRate = 0.5 }, new LayerSpec(3, Activation.Softmax));
        Assert.False(new Backpropagation<float>(dropout, Loss.CrossEntropy, 1).RegisterRows);
        Assert.Throws<InvalidOperationException>(() => Pass<float>(RegisterRowPass.MaxWidth + 1, 5, 3).RegisterRows = true);
    }

    /// <summary>
    /// Iris's 4-5-3 (tanh, softmax, half the squared error), trained online with SGD as the bench's step does, ends where
    /// the same steps on the kernels' path end: the paths differ only in the rounding of the forward sums.
    /// </summary>
    [Fact]
    public void OnlineSgdOnIris_EndsWhereTheKernelsEnd()
    {
        float[] registers = TrainIris(registerRows: true);
        float[] kernels = TrainIris(registerRows: false);

        // 200 steps of learning rate 0.05 on gradients of order 0.1 move each parameter by at most about 1; each step's
        // gradients differ between the paths by a few float roundings (sums of at most 5 terms, about 1e-7 relative),
        // and over 200 steps of a contracting fit these add up to well under 1e-4.
        for (int i = 0; i < kernels.Length; i++)
        {
            Assert.True(Math.Abs(registers[i] - kernels[i]) <= 1e-4, $"parameter {i}: registers {registers[i]:R}, kernels {kernels[i]:R}");
        }

        Assert.NotEqual(registers, TrainIris(registerRows: true, steps: 0));
    }

    /// <summary>
    /// A gradient that overflows while the loss stays finite: the pass reports it, so the trainer stops the step as
    /// diverged, names the layer, and applies no update (the trainer's own pass over the gradients is skipped on this path).
    /// </summary>
    [Fact]
    public void AnInfiniteGradient_WithAFiniteLoss_StopsTheStep_WithoutAnUpdate()
    {
        // z = w x + 0 = 3 for w x = 3, so the loss (z - 0)^2 = 9 is finite, but dW = 2 z x overflows.
        StopsTheStep<float>(1e-38f, 3e38f);
        StopsTheStep<double>(1e-307, 3e307);
    }

    private static void StopsTheStep<T>(T weight, T input)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var network = new Network<T>(2, new LayerSpec(1, Activation.Identity));
        T[] parameters = [weight, T.Zero, T.Zero];
        network.SetParameters(parameters);
        var trainer = new Trainer<T>(network, new Sgd<T>(0.1), new TrainingOptions { Loss = Loss.MeanSquaredError });
        Assert.Equal(RegisterRowPass.IsSupported<T>(), trainer.Pass.RegisterRows);

        TrainingDivergedException e = Assert.Throws<TrainingDivergedException>(() => trainer.TrainBatch([input, T.One], [T.Zero], 1));
        Assert.Equal(0, e.Layer);
        Assert.Contains("infinite gradient", e.Message, StringComparison.Ordinal);
        Assert.Equal(parameters, network.GetParameters());
    }

    private static float[] TrainIris(bool registerRows, int steps = 200)
    {
        var network = new Network<float>(4, new LayerSpec(5, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Uniform(-0.5, 0.5), seed: 3);
        var trainer = new Trainer<float>(network, new Sgd<float>(0.05), new TrainingOptions { Loss = Loss.HalfSumSquaredError });
        Assert.Equal(RegisterRowPass.IsSupported<float>(), trainer.Pass.RegisterRows);
        trainer.Pass.RegisterRows = registerRows && RegisterRowPass.IsSupported<float>();
        trainer.Pass.FusedBatchLimit = 0;
        float[][] samples = [[5.1f, 3.5f, 1.4f, 0.2f], [7.0f, 3.2f, 4.7f, 1.4f], [6.3f, 3.3f, 6.0f, 2.5f]];
        for (int s = 0; s < steps; s++)
        {
            float[] target = [0, 0, 0];
            target[s % 3] = 1;
            trainer.TrainBatch(samples[s % 3], target, 1);
        }

        return network.GetParameters();
    }

    private static Backpropagation<T> Pass<T>(int inputs, int hidden, int outputs)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T> =>
        new(new Network<T>(inputs, new LayerSpec(hidden, Activation.Tanh), new LayerSpec(outputs, Activation.Identity)), Loss.MeanSquaredError, 1);

    private static double Largest(ReadOnlySpan<double> values)
    {
        double largest = 0;
        foreach (double v in values)
        {
            largest = Math.Max(largest, Math.Abs(v));
        }

        return largest;
    }

    /// <summary>Every element within <paramref name="limit"/> of the expected one.</summary>
    private static void Close<T>(ReadOnlySpan<T> actual, ReadOnlySpan<double> expected, double limit, string what)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double a = double.CreateTruncating(actual[i]);
            Assert.True(Math.Abs(a - expected[i]) <= limit, $"{what} {i}: {a:R}, expected {expected[i]:R}, allowed {limit:E2}");
        }
    }
}
