using System.Numerics;
using Google.Protobuf;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Onnx.Protos;

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
/// <c>vectornn.normalization</c> (the exact statistics as JSON), <c>vectornn.classes</c> (a JSON array of the class
/// names) and <c>vectornn.targets</c> (a regression model's target names, likewise). A model trained on standardized
/// targets is not exported. The same network and metadata always give the same bytes.
/// </para>
/// <para>
/// Import reads a chain of dense layers as PyTorch (<c>Gemm</c> with transB 1, or <c>MatMul</c> + <c>Add</c> with a
/// transposed weight), Keras and tf2onnx (<c>MatMul(x, W[in, out])</c> + <c>Add</c>) write it, with harmless nodes
/// (Identity, Dropout, Flatten or Reshape to [batch, features]), constant Sub, Add, Mul and Div on the input (kept as
/// the model's normalization) and Softmax or LogSoftmax at the end. A LogSoftmax output becomes a softmax layer: the
/// network outputs probabilities, whose logarithms are the graph's outputs, and predicts the same class
/// (<see cref="OnnxModel.LogSoftmaxOutput"/>). Anything else is refused with an <see cref="OnnxFormatException"/> that
/// names the node, its op type and what is supported. A model exported here imports with bit-identical parameters.
/// </para>
/// </remarks>
public static class OnnxFile
{
    /// <summary>The ONNX model of <paramref name="network"/> and <paramref name="metadata"/>, as bytes.</summary>
    /// <exception cref="ArgumentException">
    /// A parameter is NaN or infinite, the normalization's feature count is not the network's input width, a class or
    /// target name is null, or the model was trained on standardized targets (<see cref="ModelMetadata.TargetNormalization"/>),
    /// which the graph would not undo.
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
        AtomicFile.WriteAllBytes(path, Export(network, metadata));
    }

    /// <summary>Reads the multi-layer perceptron of the ONNX model in <paramref name="path"/>.</summary>
    /// <exception cref="OnnxFormatException">The file is not an ONNX model, or its graph is not one VectorNN runs; the message names the node at fault.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="DirectoryNotFoundException">There is no such folder.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <exception cref="IOException">Reading failed for another reason than the content.</exception>
    public static OnnxModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Import(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads the multi-layer perceptron of the ONNX model that <paramref name="stream"/> holds from its position to its end.</summary>
    /// <param name="stream">The serialized ModelProto.</param>
    /// <param name="name">What to call the stream in error messages.</param>
    /// <exception cref="OnnxFormatException">The bytes are not an ONNX model, or its graph is not one VectorNN runs.</exception>
    /// <exception cref="IOException">Reading the stream failed.</exception>
    public static OnnxModel Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Import(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), name);
    }

    /// <summary>Reads the multi-layer perceptron of the ONNX model in <paramref name="bytes"/>.</summary>
    /// <param name="bytes">The serialized ModelProto.</param>
    /// <param name="name">What to call the bytes in error messages (e.g. the file or resource they came from).</param>
    /// <exception cref="OnnxFormatException">The bytes are not an ONNX model, or its graph is not one VectorNN runs.</exception>
    public static OnnxModel Import(ReadOnlySpan<byte> bytes, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxFormatException(name, $"not an ONNX model (the protobuf message does not parse: {e.Message})", e);
        }

        return OnnxImporter.Import(model, name);
    }
}
