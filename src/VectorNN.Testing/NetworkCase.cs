using System.Numerics;
using VectorNN.Layers;
using VectorNN.Losses;

namespace VectorNN.Testing;

/// <summary>
/// A random network and a batch for it: layer widths, one activation per layer, a loss that fits the output layer,
/// all parameters in the network's flat order (per layer the weights [out x in] row-major, then the biases), and
/// inputs and targets row-major with one sample per row.
/// </summary>
/// <param name="Widths">The input width, then each layer's output width.</param>
/// <param name="Activations">One activation per layer (one fewer than <paramref name="Widths"/>).</param>
/// <param name="Loss">The loss, which fits the output activation (<see cref="LossExtensions.Fits"/>).</param>
/// <param name="Parameters">Every weight and bias, in the order of <see cref="Network{T}.SetParameters"/>.</param>
/// <param name="Batch">The number of samples.</param>
/// <param name="Inputs">The samples [batch x inputs].</param>
/// <param name="Targets">The targets [batch x outputs], of the kind the loss expects.</param>
public sealed record NetworkCase(
    int[] Widths, Activation[] Activations, Loss Loss, double[] Parameters,
    int Batch, double[] Inputs, double[] Targets)
{
    /// <summary>The number of outputs.</summary>
    public int Outputs => Widths[^1];

    /// <summary>A network with this case's architecture and parameters, rounded to <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    public Network<T> Build<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Build<T>(0);

    /// <summary>
    /// As <see cref="Build{T}()"/>, with <paramref name="hiddenDropoutRate"/> on every hidden layer (the output layer
    /// never drops); dropout acts only in training steps, so a check of the gradients through it fixes the masks.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="hiddenDropoutRate">The rate, in [0, 1).</param>
    public Network<T> Build<T>(double hiddenDropoutRate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var layers = new LayerSpec[Widths.Length - 1];
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i] = new LayerSpec(Widths[i + 1], Activations[i]) { DropoutRate = i < layers.Length - 1 ? hiddenDropoutRate : 0 };
        }

        var network = new Network<T>(Widths[0], layers);
        network.SetParameters(Values.As<T>(Parameters));
        return network;
    }

    /// <summary>The shape, activations and loss: what a failing case needs to show.</summary>
    public override string ToString() =>
        $"widths [{string.Join(", ", Widths)}] activations [{string.Join(", ", Activations)}] {Loss} batch {Batch}";
}
