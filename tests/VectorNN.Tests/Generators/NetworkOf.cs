using System.Numerics;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Tests.Oracles;

namespace VectorNN.Tests.Generators;

/// <summary>The VectorNN network, loss and data of a <see cref="ReferenceCase"/>.</summary>
public static class NetworkOf
{
    /// <summary>A network with the case's architecture and parameters (rounded to <typeparamref name="T"/>).</summary>
    public static Network<T> Build<T>(ReferenceCase c)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Build<T>(c, 0);

    /// <summary>As <see cref="Build{T}(ReferenceCase)"/>, with <paramref name="dropoutRate"/> on every hidden layer.</summary>
    public static Network<T> Build<T>(ReferenceCase c, double dropoutRate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var layers = new LayerSpec[c.Widths.Length - 1];
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i] = new LayerSpec(c.Widths[i + 1], ActivationOf(c.Activations[i]))
            {
                DropoutRate = i < layers.Length - 1 ? dropoutRate : 0,
            };
        }

        var network = new Network<T>(c.Widths[0], layers);
        network.SetParameters(Convert<T>(c.Parameters));
        return network;
    }

    /// <summary>The library's loss for a reference loss.</summary>
    public static Loss LossOf(ReferenceLoss loss) => loss switch
    {
        ReferenceLoss.HalfSumSquaredError => Loss.HalfSumSquaredError,
        ReferenceLoss.MeanSquaredError => Loss.MeanSquaredError,
        ReferenceLoss.CrossEntropy => Loss.CrossEntropy,
        ReferenceLoss.BinaryCrossEntropy => Loss.BinaryCrossEntropy,
        _ => throw new ArgumentOutOfRangeException(nameof(loss)),
    };

    /// <summary>The library's activation for a reference activation.</summary>
    public static Activation ActivationOf(ReferenceActivation activation) => activation switch
    {
        ReferenceActivation.Identity => Activation.Identity,
        ReferenceActivation.Logistic => Activation.Logistic,
        ReferenceActivation.Tanh => Activation.Tanh,
        ReferenceActivation.Relu => Activation.Relu,
        ReferenceActivation.LeakyRelu => Activation.LeakyRelu,
        ReferenceActivation.Softmax => Activation.Softmax,
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    /// <summary>The values rounded to <typeparamref name="T"/>.</summary>
    public static T[] Convert<T>(double[] values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Array.ConvertAll(values, T.CreateTruncating);
}
