using Microsoft.ML.OnnxRuntime;
using VectorNN.Data;
using VectorNN.Layers;
using VectorNN.Tests;
using Xunit;

namespace VectorNN.Onnx.Tests;

/// <summary>The README's ONNX Runtime snippet runs as written on an exported model.</summary>
public sealed class ReadmeSnippetTests
{
    [Fact]
    public void OnnxRuntimeSnippetReadsProbabilitiesAndClasses()
    {
        using var folder = new TempFolder();
        var network = new Network<float>(4, new LayerSpec(5, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Uniform(-1, 1), 3);
        var normalization = new Normalization(NormalizationMethod.ZScore, [5.8, 3.0, 3.7, 1.2], [0.8, 0.4, 1.7, 0.7]);
        OnnxFile.Save(folder.File("iris.onnx"), network, new VectorNN.IO.ModelMetadata { Normalization = normalization, Classes = ["setosa", "versicolor", "virginica"] });

        // The README's snippet, with the file's full path.
        using var session = new InferenceSession(folder.File("iris.onnx"));
        float[] features = [5.1f, 3.5f, 1.4f, 0.2f];                      // raw features: the graph normalizes them
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(features, [1, 4]);
        using var run = new RunOptions();
        using var outputs = session.Run(run, ["input"], [input], ["output"]);
        ReadOnlySpan<float> probabilities = outputs[0].GetTensorDataAsSpan<float>();
        string classes = session.ModelMetadata.CustomMetadataMap["vectornn.classes"];   // ["setosa","versicolor","virginica"]

        Assert.Equal("""["setosa","versicolor","virginica"]""", classes);
        float[] expected = [5.1f, 3.5f, 1.4f, 0.2f];
        normalization.Apply<float>(expected);
        var predicted = new float[3];
        network.Predict(expected, predicted);

        // Three-term float dot products, tanh and softmax: a few float ulps apart (see ForwardErrorBound for the general bound).
        Assert.All(predicted.Zip(probabilities.ToArray()), p => Assert.InRange(p.First - p.Second, -1e-6f, 1e-6f));
    }
}
