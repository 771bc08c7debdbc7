using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Training;
using Xunit;

namespace VectorNN.Tests.Training;

public sealed class GradientCheckTests
{
    [Theory]
    [InlineData(Loss.CrossEntropy, Activation.Softmax)]
    [InlineData(Loss.HalfSumSquaredError, Activation.Softmax)]
    [InlineData(Loss.MeanSquaredError, Activation.Tanh)]
    [InlineData(Loss.BinaryCrossEntropy, Activation.Logistic)]
    public void AgreesToOneInAMillion_AndLeavesTheParametersAsTheyWere(Loss loss, Activation output)
    {
        var network = new Network<double>(5, new LayerSpec(7, Activation.Tanh), new LayerSpec(6, Activation.LeakyRelu), new LayerSpec(3, output));
        network.Initialize(new WeightInit.Glorot(), seed: 11);
        double[] before = network.GetParameters();
        double[] inputs = Enumerable.Range(0, 4 * 5).Select(i => Math.Sin(i * 1.7)).ToArray();
        double[] targets = [1, 0, 0, 0, 1, 0, 0, 0, 1, 0.5, 0.25, 0.25];

        IReadOnlyList<LayerGradientError> errors = GradientCheck.Run(network, loss, inputs, targets, 4);

        Assert.Equal([0, 1, 2], errors.Select(e => e.Layer));
        Assert.All(errors, e => Assert.InRange(e.MaxRelativeError, 0, 1e-6));
        Assert.Equal(before, network.GetParameters());
    }
}
