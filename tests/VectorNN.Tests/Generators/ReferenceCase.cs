using MathNet.Numerics.LinearAlgebra;
using VectorNN.Tests.Oracles;

namespace VectorNN.Tests.Generators;

/// <summary>
/// A random network for the reference model: layer widths, one activation per layer, all parameters in the flat order
/// of <see cref="ReferenceNetwork"/>, and a batch of inputs and targets (row-major, rows are samples) for a loss.
/// </summary>
public sealed record ReferenceCase(
    int[] Widths, ReferenceActivation[] Activations, ReferenceLoss Loss, double[] Parameters,
    int Batch, double[] Inputs, double[] Targets)
{
    /// <summary>The number of outputs.</summary>
    public int Outputs => Widths[^1];

    /// <summary>A reference network with this case's architecture and parameters.</summary>
    public ReferenceNetwork Network()
    {
        var network = new ReferenceNetwork(Widths, Activations);
        network.SetParameters(Parameters);
        return network;
    }

    /// <summary>The inputs as [batch x inputs].</summary>
    public Matrix<double> InputMatrix() => MathNetOracle.Matrix(Inputs, Batch, Widths[0]);

    /// <summary>The targets as [batch x outputs].</summary>
    public Matrix<double> TargetMatrix() => MathNetOracle.Matrix(Targets, Batch, Outputs);

    /// <summary>The shape, activations and loss: what a failing case needs to show.</summary>
    public override string ToString() =>
        $"widths [{string.Join(", ", Widths)}] activations [{string.Join(", ", Activations)}] {Loss} batch {Batch}";
}
