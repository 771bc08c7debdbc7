using MathNet.Numerics.LinearAlgebra;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Testing;

namespace VectorNN.Tests.Oracles;

/// <summary>The reference model, loss and MathNet matrices of a <see cref="NetworkCase"/>.</summary>
public static class NetworkCaseReference
{
    /// <summary>A reference network with the case's architecture and parameters.</summary>
    public static ReferenceNetwork ReferenceNetwork(this NetworkCase c)
    {
        var network = new ReferenceNetwork(c.Widths, Array.ConvertAll(c.Activations, ActivationOf));
        network.SetParameters(c.Parameters);
        return network;
    }

    /// <summary>The reference model's loss for the case's loss.</summary>
    public static ReferenceLoss ReferenceLoss(this NetworkCase c) => c.Loss switch
    {
        Loss.HalfSumSquaredError => Oracles.ReferenceLoss.HalfSumSquaredError,
        Loss.MeanSquaredError => Oracles.ReferenceLoss.MeanSquaredError,
        Loss.CrossEntropy => Oracles.ReferenceLoss.CrossEntropy,
        Loss.BinaryCrossEntropy => Oracles.ReferenceLoss.BinaryCrossEntropy,
        _ => throw new ArgumentOutOfRangeException(nameof(c), c.Loss, "The reference model has no such loss."),
    };

    /// <summary>The inputs as [batch x inputs].</summary>
    public static Matrix<double> InputMatrix(this NetworkCase c) => MathNetOracle.Matrix(c.Inputs, c.Batch, c.Widths[0]);

    /// <summary>The targets as [batch x outputs].</summary>
    public static Matrix<double> TargetMatrix(this NetworkCase c) => MathNetOracle.Matrix(c.Targets, c.Batch, c.Outputs);

    private static ReferenceActivation ActivationOf(Activation activation) => activation switch
    {
        Activation.Identity => ReferenceActivation.Identity,
        Activation.Logistic => ReferenceActivation.Logistic,
        Activation.Tanh => ReferenceActivation.Tanh,
        Activation.Relu => ReferenceActivation.Relu,
        Activation.LeakyRelu => ReferenceActivation.LeakyRelu,
        Activation.Softmax => ReferenceActivation.Softmax,
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "The reference model has no such activation."),
    };
}
