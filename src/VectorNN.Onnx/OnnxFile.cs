using System.Numerics;
using Google.Protobuf;
using VectorNN.IO;
using VectorNN.Layers;

namespace VectorNN.Onnx;

/// <summary>
/// Exports networks as ONNX models that any ONNX runtime runs, and imports multi-layer perceptrons from ONNX models
/// written by PyTorch, Keras (tf2onnx) and other exporters.
/// </summary>
/// <remarks>
/// <para>
/// An exported model has one input <c>input</c> [batch, inputs] and one output <c>output</c> [batch, outputs] with a
/// symbolic batch dimension <c>batch</c>, in the network's precision (tensor(float) or tensor(double)), opset 17 and
/// IR version 8. The graph is: when the metadata holds a normalization (other than the method None),
/// <c>Sub(input, normalization.offsets)</c> and <c>Div(_, normalization.scales)</c>, so the model takes the raw features
/// that <c>vectornn predict</c> takes; then per layer i one <c>Gemm</c> (alpha 1, beta 1, transB 1) with the weight
/// <c>layers.{i}.weight</c> [out, in] and bias <c>layers.{i}.bias</c> [out], followed by <c>Relu</c>, <c>Tanh</c>,
/// <c>Sigmoid</c>, <c>LeakyRelu</c> (alpha 0.01) or <c>Softmax</c> (axis -1) (no node for the identity). The
/// <c>metadata_props</c> hold <c>vectornn.layers</c>, <c>vectornn.activations</c>, <c>vectornn.loss</c>,
/// <c>vectornn.normalization</c> (the exact statistics as JSON) and <c>vectornn.classes</c> (a JSON array of the class
/// names). The same network and metadata always give the same bytes.
/// </para>
/// </remarks>
public static class OnnxFile
{
    /// <summary>The ONNX model of <paramref name="network"/> and <paramref name="metadata"/>, as bytes.</summary>
    /// <exception cref="ArgumentException">
    /// A parameter is NaN or infinite, the normalization's feature count is not the network's input width, or a class name is null.
    /// </exception>
    public static byte[] Export<T>(Network<T> network, ModelMetadata metadata)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => OnnxExporter.Build(network, metadata).ToByteArray();

    /// <summary>Writes the ONNX model of <paramref name="network"/> and <paramref name="metadata"/> to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentException">As for <see cref="Export"/>.</exception>
    public static void Write<T>(Stream stream, Network<T> network, ModelMetadata metadata)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Export(network, metadata));
    }

    /// <summary>
    /// Writes the ONNX model of <paramref name="network"/> and <paramref name="metadata"/> to <paramref name="path"/>,
    /// replacing it atomically: an existing file is replaced whole or not at all.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Export"/>.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist (it is not created).</exception>
    /// <exception cref="IOException">The path is not a regular file (it is left alone), or writing failed.</exception>
    public static void Save<T>(string path, Network<T> network, ModelMetadata metadata)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, Export(network, metadata));
    }
}
