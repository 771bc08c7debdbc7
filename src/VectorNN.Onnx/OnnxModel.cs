using VectorNN.IO;
using VectorNN.Layers;

namespace VectorNN.Onnx;

/// <summary>
/// A multi-layer perceptron read from an ONNX model by <see cref="OnnxFile.Load"/>: its architecture, metadata and
/// weights, from which networks of either precision are made.
/// </summary>
public sealed class OnnxModel
{
    private readonly int[] widths;
    private readonly LayerSpec[] layers;
    private readonly double[] parameters;

    internal OnnxModel(ModelPrecision precision, ModelMetadata metadata, int[] widths, LayerSpec[] layers, double[] parameters, bool logSoftmaxOutput)
    {
        Precision = precision;
        Metadata = metadata;
        this.widths = widths;
        this.layers = layers;
        this.parameters = parameters;
        LogSoftmaxOutput = logSoftmaxOutput;
    }

    /// <summary>The precision of the graph's input and weights: tensor(float) is <see cref="ModelPrecision.Single"/>, tensor(double) <see cref="ModelPrecision.Double"/>.</summary>
    public ModelPrecision Precision { get; }

    /// <summary>
    /// The loss (from <c>vectornn.loss</c>, else cross-entropy for a softmax output, binary cross-entropy for a
    /// logistic one and mean squared error otherwise), the normalization (the constant Sub, Add, Mul and Div nodes on
    /// the input, or the exact statistics of <c>vectornn.normalization</c> when they agree with the graph) and the
    /// class names (<c>vectornn.classes</c>).
    /// </summary>
    public ModelMetadata Metadata { get; }

    /// <summary>The input width, then each layer's width.</summary>
    public IReadOnlyList<int> LayerWidths => widths;

    /// <summary>Each layer's activation, first hidden layer first.</summary>
    public IReadOnlyList<Activation> Activations => [.. layers.Select(l => l.Activation)];

    /// <summary>Number of weights and biases.</summary>
    public int ParameterCount => parameters.Length;

    /// <summary>
    /// True when the graph ended in <c>LogSoftmax</c>. VectorNN's output layer is then a softmax: the network outputs
    /// the class probabilities, the exponentials of the graph's log-probabilities, with the same predicted class.
    /// </summary>
    public bool LogSoftmaxOutput { get; }

    /// <summary>A new single-precision network with the model's weights (double weights rounded to the nearest float); each call returns a separate network.</summary>
    /// <exception cref="OverflowException">A double weight lies beyond float's range.</exception>
    public Network<float> AsSingle()
    {
        var values = new float[parameters.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)parameters[i];
            if (float.IsInfinity(values[i]))
            {
                throw new OverflowException($"Parameter {i} is {parameters[i]}, beyond float's range; use AsDouble.");
            }
        }

        var network = new Network<float>(widths[0], layers);
        network.SetWeights(values);
        return network;
    }

    /// <summary>A new double-precision network with the model's weights (float weights widened exactly); each call returns a separate network.</summary>
    public Network<double> AsDouble()
    {
        var network = new Network<double>(widths[0], layers);
        network.SetWeights(parameters);
        return network;
    }
}
