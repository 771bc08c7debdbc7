using VectorNN.IO;
using VectorNN.Layers;

namespace VectorNN.Onnx;

/// <summary>
/// A multi-layer perceptron read from an ONNX model by <see cref="OnnxFile.Load"/>: its architecture, metadata and
/// weights, from which networks of either precision are made.
/// </summary>
public sealed class OnnxModel
{
    // The architecture and weights, held as a LoadedModel so that the precision conversions are the model files'.
    private readonly LoadedModel model;

    internal OnnxModel(ModelPrecision precision, ModelMetadata metadata, int[] widths, LayerSpec[] layers, double[] parameters, bool logSoftmaxOutput)
    {
        Precision = precision;
        LogSoftmaxOutput = logSoftmaxOutput;

        // An ONNX model has no VectorNN file digest; it is never paired with an optimizer-state file.
        model = new LoadedModel(metadata, widths, layers, null, parameters, digest: string.Empty);
    }

    /// <summary>The precision of the graph's input and weights: tensor(float) is <see cref="ModelPrecision.Single"/>, tensor(double) <see cref="ModelPrecision.Double"/>.</summary>
    public ModelPrecision Precision { get; }

    /// <summary>
    /// The loss (from <c>vectornn.loss</c>, else cross-entropy for a softmax output, binary cross-entropy for a
    /// logistic one and mean squared error otherwise), the normalization (the constant Sub, Add, Mul and Div nodes on
    /// the input, or the exact statistics of <c>vectornn.normalization</c> when they agree with the graph) and the
    /// class names (<c>vectornn.classes</c>).
    /// </summary>
    public ModelMetadata Metadata => model.Metadata;

    /// <summary>The input width, then each layer's width.</summary>
    public IReadOnlyList<int> LayerWidths => model.LayerWidths;

    /// <summary>Each layer's activation, first hidden layer first.</summary>
    public IReadOnlyList<Activation> Activations => model.Activations;

    /// <summary>Number of weights and biases.</summary>
    public int ParameterCount => model.ParameterCount;

    /// <summary>
    /// True when the graph ended in <c>LogSoftmax</c>. VectorNN's output layer is then a softmax: the network outputs
    /// the class probabilities, the exponentials of the graph's log-probabilities, with the same predicted class.
    /// </summary>
    public bool LogSoftmaxOutput { get; }

    /// <summary>A new single-precision network with the model's weights (double weights rounded to the nearest float); each call returns a separate network.</summary>
    /// <exception cref="OverflowException">A double weight lies beyond float's range.</exception>
    public Network<float> AsSingle() => model.AsSingle();

    /// <summary>A new double-precision network with the model's weights (float weights widened exactly); each call returns a separate network.</summary>
    public Network<double> AsDouble() => model.AsDouble();
}
