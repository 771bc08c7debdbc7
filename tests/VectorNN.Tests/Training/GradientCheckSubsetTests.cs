using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Training;
using Xunit;

namespace VectorNN.Tests.Training;

/// <summary>The gradient check of chosen parameters only, and the kinks it reports.</summary>
public sealed class GradientCheckSubsetTests
{
    [Fact]
    public void ASubset_ReportsTheWorstOfItsOwnParameters_AsTheFullCheckComputesThem()
    {
        var network = new Network<double>(3, new LayerSpec(4, Activation.Tanh), new LayerSpec(2, Activation.Softmax));
        network.Initialize(new WeightInit.Glorot(), seed: 5);
        double[] inputs = [0.3, -0.7, 0.2, 0.9, 0.1, -0.4];
        double[] targets = [1, 0, 0, 1];

        // The network has 16 + 10 parameters; check 2 of the first layer and 1 of the second.
        int[] subset = [1, 13, 20];
        IReadOnlyList<LayerGradientError> errors = GradientCheck.Run(network, Loss.CrossEntropy, inputs, targets, 2, subset);

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors[0].ParameterIndex, (int[])[1, 13]);
        Assert.Equal(20, errors[1].ParameterIndex);
        Assert.All(errors, e => Assert.InRange(e.MaxRelativeError, 0, 1e-6));
    }

    [Fact]
    public void ASubset_ThatLeavesALayerOut_OrIsNotAscending_IsRefused()
    {
        var network = new Network<double>(3, new LayerSpec(4, Activation.Tanh), new LayerSpec(2, Activation.Softmax));
        double[] inputs = [0.3, -0.7, 0.2];
        double[] targets = [1, 0];
        Assert.Throws<ArgumentException>(() => GradientCheck.Run(network, Loss.CrossEntropy, inputs, targets, 1, [1, 2]));
        Assert.Throws<ArgumentException>(() => GradientCheck.Run(network, Loss.CrossEntropy, inputs, targets, 1, [20, 1]));
        Assert.Throws<ArgumentException>(() => GradientCheck.Run(network, Loss.CrossEntropy, inputs, targets, 1, [1, 26]));
    }

    [Fact]
    public void Kinks_AreTheReluUnitsWhosePreActivationIsWithinTheStepOfZero()
    {
        // Layer 0: z = x + [0, -2, 1e-3]; layer 1 (leaky ReLU): z = h0 - h1 + 0 h2 + 5e-7; layer 2: tanh.
        var network = new Network<double>(1, new LayerSpec(3, Activation.Relu), new LayerSpec(1, Activation.LeakyRelu), new LayerSpec(2, Activation.Tanh));
        network.SetParameters([1, 1, 1, 0, -2, 1e-3, /* layer 1 */ 1, -1, 0, 5e-7, /* layer 2 */ 1, 1, 0, 0]);

        IReadOnlyList<int[]> kinks = GradientCheck.Kinks(network, [0.0]);

        // Layer 0: z = [0, -2, 1e-3]: only unit 0 lies within the step (1e-6 x max(1, |x|)) of zero.
        Assert.Equal([0], kinks[0]);

        // Layer 1: z = 0 - 0 + 0 + 5e-7 (unit 2's output is 1e-3 with weight 0): within the step.
        Assert.Equal([0], kinks[1]);

        // Tanh is smooth: no kinks whatever z is.
        Assert.Empty(kinks[2]);
        Assert.Empty(GradientCheck.Kinks(network, [5.0])[0]);
    }
}
