using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VectorNN.Data;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Testing;
using VectorNN.Tests.Generators;
using VectorNN.Training;
using Xunit;

namespace VectorNN.Tests.Training;

/// <summary>
/// The fused path for small networks (<see cref="SmallNetworkPass"/>) against the kernels' path of
/// <see cref="Backpropagation{T}"/>, and which networks and training features take it. Its agreement with the
/// reference model is checked by <see cref="BackpropagationTests"/>, whose cases all take it.
/// </summary>
public sealed class SmallNetworkPassTests
{
    [Property(Arbitrary = new[] { typeof(WeightedCases) }, MaxTest = 200)]
    public Property FusedGradients_AgreeWithTheKernels_InFloatAndDouble(WeightedCase w)
    {
        WeightedCase net = w;
        return Prop.When(!BackpropagationTests.NearAKink(net.Case, net.Masks), () =>
        {
            Agree<float>(net);
            Agree<double>(net);
        });
    }

    [Fact]
    public void TheFusedPath_TakesNetworksUpToTheWidthLimit_AndNoWiderOnes()
    {
        Assert.Equal(SmallNetworkPass.MaxBatch, Pass(4, 5, 3).FusedBatchLimit);
        Assert.Equal(SmallNetworkPass.MaxBatch, Pass(SmallNetworkPass.MaxWidth, 2, SmallNetworkPass.MaxWidth).FusedBatchLimit);
        Assert.Equal(0, Pass(SmallNetworkPass.MaxWidth + 1, 2, 3).FusedBatchLimit);
        Assert.Equal(0, Pass(4, SmallNetworkPass.MaxWidth + 1, 3).FusedBatchLimit);
        Assert.Equal(0, Pass(4, 5, SmallNetworkPass.MaxWidth + 1).FusedBatchLimit);
    }

    /// <summary>
    /// Every training feature runs on the fused path (none falls back to the kernels): sample weights, dropout, frozen
    /// groups and each optimizer. The fused and the kernels' runs agree within the rounding bound of their gradients,
    /// frozen parameters stay as they were, and a fused run repeats bit for bit.
    /// </summary>
    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Momentum)]
    [InlineData(OptimizerKind.Nesterov)]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.AdamW)]
    public void EveryTrainingFeature_RunsOnTheFusedPath_AsOnTheKernels(OptimizerKind kind)
    {
        (Trainer<double> fused, double[] initial) = Train(kind, fusedPath: true);
        (Trainer<double> kernels, _) = Train(kind, fusedPath: false);
        (Trainer<double> again, _) = Train(kind, fusedPath: true);
        Assert.Equal(SmallNetworkPass.MaxBatch, fused.Pass.FusedBatchLimit);
        Assert.Equal(0, kernels.Pass.FusedBatchLimit);

        double[] a = fused.Network.GetParameters();
        double[] b = kernels.Network.GetParameters();
        Assert.Equal(a, again.Network.GetParameters());

        // Layer 0's biases are frozen: bit for bit their initial values on both paths.
        VectorNN.Memory.LayerSlice first = fused.Network.Parameters.Slices[0];
        for (int i = first.BiasOffset; i < first.End; i++)
        {
            Assert.Equal(initial[i], a[i]);
            Assert.Equal(initial[i], b[i]);
        }

        // Every step's gradients differ between the paths by the rounding of sums of at most 8 terms in double (a few
        // 1e-16 of their magnitude, of order one here), and SGD and momentum pass that on scaled by the learning rate:
        // 1e-12 leaves ample room. Adam divides by sqrt(v), so a gradient component near zero on both paths can step
        // by different fractions of the learning rate: its bound is the step size itself, lr per step.
        double bound = kind is OptimizerKind.Adam or OptimizerKind.AdamW ? Steps * LearningRate : 1e-12;
        for (int i = 0; i < a.Length; i++)
        {
            Assert.True(Math.Abs(a[i] - b[i]) <= bound, $"parameter {i}: fused {a[i]:R}, kernels {b[i]:R}");
        }

        Assert.NotEqual(initial, a);
    }

    private const int Epochs = 3;

    /// <summary>Three epochs of two batches of three samples.</summary>
    private const int Steps = 2 * Epochs;

    private const double LearningRate = 0.01;

    /// <summary>
    /// Three epochs of a 3-6-5-2 network with dropout on both hidden layers, sample weights, layer 0's biases frozen,
    /// batches of 3 shuffled (within <see cref="SmallNetworkPass.MaxBatch"/>, so the trainer takes the fused path
    /// unless told otherwise): the trainer draws masks from its generator on either path.
    /// </summary>
    private static (Trainer<double> Trainer, double[] Initial) Train(OptimizerKind kind, bool fusedPath)
    {
        var network = new Network<double>(
            3,
            new LayerSpec(6, Activation.Tanh) { DropoutRate = 0.25 },
            new LayerSpec(5, Activation.LeakyRelu) { DropoutRate = 0.25 },
            new LayerSpec(2, Activation.Softmax));
        network.Initialize(new WeightInit.Glorot(), 21);
        network.Freeze(0, VectorNN.Memory.ParameterGroups.Biases);
        double[] initial = network.GetParameters();
        Optimizer<double> optimizer = kind switch
        {
            OptimizerKind.Sgd => new Sgd<double>(LearningRate) { WeightDecay = 0.01 },
            OptimizerKind.Momentum => new Momentum<double>(LearningRate),
            OptimizerKind.Nesterov => new Momentum<double>(LearningRate, nesterov: true),
            OptimizerKind.Adam => new Adam<double>(LearningRate),
            _ => new AdamW<double>(LearningRate),
        };
        var trainer = new Trainer<double>(
            network, optimizer, new TrainingOptions { Loss = Loss.CrossEntropy, Epochs = Epochs, BatchSize = 3, Seed = 5 });
        if (!fusedPath)
        {
            trainer.Pass.FusedBatchLimit = 0;
        }
        double[] inputs = [0.5, -1, 2, 1.5, 0.25, -0.75, -0.5, 1, 0.125, 2, -2, 0.5, 1, 1, -1, 0.75, -0.25, 0.5];
        var data = Dataset<double>.FromLabels(inputs, 3, [0, 1, 1, 0, 1, 0], 2).WithSampleWeights([1, 2, 0.5, 1, 4, 1]);
        trainer.Fit(data);
        return (trainer, initial);
    }

    private static Backpropagation<double> Pass(int inputs, int hidden, int outputs) =>
        new(new Network<double>(inputs, new LayerSpec(hidden, Activation.Relu), new LayerSpec(outputs, Activation.Identity)), Loss.MeanSquaredError, 2);

    /// <summary>Both paths on one case in <typeparamref name="T"/>: loss, outputs, every gradient and the input gradient.</summary>
    private static void Agree<T>(WeightedCase w)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        NetworkCase c = w.Case;
        T[] inputs = Values.As<T>(c.Inputs);
        T[] targets = Values.As<T>(c.Targets);
        T[]? weights = w.Weights is null ? null : Values.As<T>(w.Weights);
        (Backpropagation<T> fused, double fusedLoss, T[] fusedInputGradient) = Run(w, fused: true, inputs, targets, weights);
        (Backpropagation<T> kernels, double kernelLoss, T[] kernelInputGradient) = Run(w, fused: false, inputs, targets, weights);

        // Both paths compute the same operations; they differ in the order of each sum (left to right against vector
        // lanes and GEMM tiles) and so in rounding only. Each is within the bound that
        // BackpropagationTests.FloatGradients_AgreeWithDouble derives for float against the exact result, 4 L (width +
        // batch) u of the largest gradient component plus a floor of 1e-3, so the two are within twice that of each
        // other. Doubling again covers the dropout masks' factor of 2 on the hidden outputs.
        int layers = c.Widths.Length - 1;
        double bound = 2 * 2 * 4 * layers * (c.Widths.Max() + c.Batch) * ErrorBound.Unit<T>();
        Close(fused.Gradients.Values, kernels.Gradients.Values, bound, $"{c} {typeof(T).Name}: parameter");
        Close(fusedInputGradient, kernelInputGradient, bound, $"{c} {typeof(T).Name}: input");
        Close(fused.Outputs, kernels.Outputs, bound, $"{c} {typeof(T).Name}: output");
        Assert.True(
            Math.Abs(fusedLoss - kernelLoss) <= bound * (Math.Abs(kernelLoss) + 1),
            $"{c} {typeof(T).Name}: loss fused {fusedLoss:R}, kernels {kernelLoss:R}");
    }

    private static (Backpropagation<T> Pass, double Loss, T[] InputGradient) Run<T>(WeightedCase w, bool fused, T[] inputs, T[] targets, T[]? weights)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        NetworkCase c = w.Case;
        var pass = new Backpropagation<T>(c.Build<T>(w.Masks is null ? 0 : 0.5), c.Loss, c.Batch) { FusedBatchLimit = fused ? int.MaxValue : 0 };
        if (w.Masks is not null)
        {
            pass.ApplyDropout = true;
            for (int i = 0; i < w.Masks.Length; i++)
            {
                Values.As<T>(w.Masks[i]).CopyTo(pass.DropoutMask(i));
            }
        }

        var inputGradient = new T[inputs.Length];
        double loss = pass.ComputeGradients(inputs, targets, weights, c.Batch, inputGradient);
        return (pass, loss, inputGradient);
    }

    /// <summary>Every element within <paramref name="bound"/> times (the largest magnitude + 1e-3).</summary>
    private static void Close<T>(ReadOnlySpan<T> actual, ReadOnlySpan<T> expected, double bound, string what)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double largest = 0;
        foreach (T v in expected)
        {
            largest = Math.Max(largest, Math.Abs(double.CreateTruncating(v)));
        }

        double limit = bound * (largest + 1e-3);
        for (int i = 0; i < expected.Length; i++)
        {
            double a = double.CreateTruncating(actual[i]);
            double e = double.CreateTruncating(expected[i]);
            Assert.True(Math.Abs(a - e) <= limit, $"{what} {i}: fused {a:R}, kernels {e:R}, allowed {limit:E2}");
        }
    }
}
