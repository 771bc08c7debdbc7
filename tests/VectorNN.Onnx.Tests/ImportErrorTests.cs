using Google.Protobuf;
using VectorNN.Onnx.Protos;
using VectorNN.Onnx.Tests.Generators;
using Xunit;
using static VectorNN.Onnx.Tests.Generators.GraphBuilder;
using DataType = VectorNN.Onnx.Protos.TensorProto.Types.DataType;

namespace VectorNN.Onnx.Tests;

/// <summary>Graphs VectorNN cannot run are refused with an <see cref="OnnxFormatException"/> that names the node at fault.</summary>
public sealed class ImportErrorTests
{
    [Fact]
    public void UnsupportedOperatorIsNamedWithWhatIsSupported()
    {
        var g = new GraphBuilder(DataType.Float, [0, 4]);
        string h = g.Node("Gemm", ["x", g.Initializer("w", [3, 4], new double[12])], Int("transB", 1));
        byte[] bytes = g.Finish(g.Node("Elu", [h]));

        OnnxFormatException e = Refused(bytes, "elu_1");

        Assert.Contains("node 'elu_1' (Elu): operator Elu is not supported; VectorNN reads a chain", e.Message);
    }

    [Fact]
    public void CycleIsRefused()
    {
        // relu_1 reads the output of relu_2, which reads relu_1's: a loop off the chain.
        var g = new GraphBuilder(DataType.Float, [0, 2]);
        string h = g.Node("Gemm", ["x", g.Initializer("w", [2, 2], new double[4])], Int("transB", 1));
        g.Node("Relu", ["v2"]);
        g.Node("Relu", ["v1"]);
        OnnxFormatException e = Refused(g.Finish(h), "relu_1");

        Assert.Contains("not on the chain", e.Message);
    }

    [Fact]
    public void CycleThroughTheChainIsRefused()
    {
        // The second node writes back the value the chain started from.
        var g = new GraphBuilder(DataType.Float, [0, 2]);
        string h = g.Node("Gemm", ["x", g.Initializer("w", [2, 2], new double[4])], Int("transB", 1));
        g.Graph.Node.Add(new NodeProto { Name = "back", OpType = "Relu", Input = { h }, Output = { "x" } });
        g.Graph.Output.Add(new ValueInfoProto { Name = "never" });

        OnnxFormatException e = Assert.Throws<OnnxFormatException>(() => OnnxFile.Import(g.Model.ToByteArray(), "cycle.onnx"));

        Assert.Contains("cycle", e.Message);
        Assert.Equal("gemm_0", e.Node);
    }

    [Fact]
    public void MissingInitializerIsNamed()
    {
        var g = new GraphBuilder(DataType.Float, [0, 4]);
        byte[] bytes = g.Finish(g.Node("Gemm", ["x", "fc.weight"], Int("transB", 1)));

        OnnxFormatException e = Refused(bytes, "gemm_0");

        Assert.Contains("input 'fc.weight' is neither an initializer nor produced by any node (a missing initializer)", e.Message);
    }

    [Fact]
    public void ShapesThatDoNotChainAreRefused()
    {
        var g = new GraphBuilder(DataType.Float, [0, 4]);
        string h = g.Node("Gemm", ["x", g.Initializer("w0", [3, 4], new double[12])], Int("transB", 1));
        byte[] bytes = g.Finish(g.Node("Gemm", [h, g.Initializer("w1", [2, 5], new double[10])], Int("transB", 1)));

        OnnxFormatException e = Refused(bytes, "gemm_1");

        Assert.Contains("takes 5 inputs, but the value before it has 3 features; the shapes do not chain", e.Message);
    }

    [Fact]
    public void InputWidthThatDoesNotMatchTheFirstLayerIsRefused()
    {
        var g = new GraphBuilder(DataType.Float, [0, 7]);
        Refused(g.Finish(g.Node("Gemm", ["x", g.Initializer("w0", [3, 4], new double[12])], Int("transB", 1))), "gemm_0");
    }

    [Fact]
    public void HugeDeclaredTensorDimsAreRefusedBeforeAllocating()
    {
        var g = new GraphBuilder(DataType.Float, [0, 4]);
        string w = g.Initializer("w", [3, 4], new double[12]);
        g.Graph.Initializer[0].Dims[0] = 1L << 40;
        OnnxFormatException e = Assert.Throws<OnnxFormatException>(() => OnnxFile.Import(g.Finish(g.Node("Gemm", ["x", w])), "huge.onnx"));

        Assert.Contains("tensor 'w' declares dims [1099511627776, 4]", e.Message);
    }

    [Fact]
    public void DimsLargerThanTheirDataAreRefused()
    {
        var g = new GraphBuilder(DataType.Float, [0, 4]);
        string w = g.Initializer("w", [3, 4], new double[12]);
        g.Graph.Initializer[0].Dims[0] = 1 << 20;
        OnnxFormatException e = Assert.Throws<OnnxFormatException>(() => OnnxFile.Import(g.Finish(g.Node("Gemm", ["x", w])), "big.onnx"));

        Assert.Contains("holds 48 bytes of raw_data, expected 16777216", e.Message);
    }

    [Fact]
    public void HugeDeclaredInputDimsAreRefused()
    {
        var g = new GraphBuilder(DataType.Float, [0, 1L << 33]);
        OnnxFormatException e = Assert.Throws<OnnxFormatException>(() => OnnxFile.Import(g.Finish(g.Node("Relu", ["x"])), "wide.onnx"));

        Assert.Contains("input 'x' declares dims [n, 8589934592]", e.Message);
    }

    [Fact]
    public void BranchIsRefused()
    {
        var g = new GraphBuilder(DataType.Float, [0, 2]);
        string h = g.Node("Gemm", ["x", g.Initializer("w", [2, 2], new double[4])], Int("transB", 1));
        string a = g.Node("Relu", [h]);
        g.Node("Tanh", [h]);
        OnnxFormatException e = Refused(g.Finish(a), "tanh_2");

        Assert.Contains("feeds 2 nodes (relu_1, tanh_2); VectorNN reads a single chain without branches", e.Message);
    }

    [Fact]
    public void DynamicWeightIsRefused()
    {
        var g = new GraphBuilder(DataType.Float, [0, 2]);
        string w = g.Node("Relu", [g.Initializer("w", [2, 2], new double[4])]);
        Refused(g.Finish(g.Node("MatMul", ["x", w])), "matmul_1");
    }

    [Fact]
    public void SecondInputIsRefused()
    {
        var g = new GraphBuilder(DataType.Float, [0, 2]);
        g.Graph.Input.Add(g.Graph.Input[0].Clone());
        g.Graph.Input[1].Name = "y";
        OnnxFormatException e = Assert.Throws<OnnxFormatException>(() => OnnxFile.Import(g.Finish(g.Node("MatMul", ["x", "y"])), "two.onnx"));

        Assert.Contains("2 inputs that are not initializers (x, y)", e.Message);
    }

    [Fact]
    public void ExternalDataIsRefused()
    {
        var g = new GraphBuilder(DataType.Float, [0, 2]);
        string w = g.Initializer("w", [2, 2], new double[4]);
        g.Graph.Initializer[0].DataLocation = TensorProto.Types.DataLocation.External;
        OnnxFormatException e = Assert.Throws<OnnxFormatException>(() => OnnxFile.Import(g.Finish(g.Node("MatMul", ["x", w])), "ext.onnx"));

        Assert.Contains("external file", e.Message);
    }

    [Fact]
    public void HalfPrecisionIsRefused()
    {
        var g = new GraphBuilder(DataType.Float16, [0, 2]);
        OnnxFormatException e = Assert.Throws<OnnxFormatException>(() => OnnxFile.Import(g.Finish(g.Node("Relu", ["x"])), "half.onnx"));

        Assert.Contains("input 'x' is a tensor of FLOAT16; expected tensor(float) or tensor(double)", e.Message);
    }

    [Fact]
    public void LeakyReluOfAnotherSlopeIsRefused()
    {
        var g = new GraphBuilder(DataType.Float, [0, 2]);
        string h = g.Node("Gemm", ["x", g.Initializer("w", [2, 2], new double[4])], Int("transB", 1));
        Refused(g.Finish(g.Node("LeakyRelu", [h], Float("alpha", 0.2f))), "leakyrelu_1");
    }

    [Fact]
    public void NonFiniteWeightIsRefused()
    {
        var g = new GraphBuilder(DataType.Float, [0, 2]);
        OnnxFormatException e = Refused(g.Finish(g.Node("Gemm", ["x", g.Initializer("w", [2, 2], [0, double.NaN, 0, 0])], Int("transB", 1))), "gemm_0");

        Assert.Contains("parameter 1 of its weight is NaN", e.Message);
    }

    [Fact]
    public void NotProtobufIsRefused()
    {
        OnnxFormatException e = Assert.Throws<OnnxFormatException>(() => OnnxFile.Import("not a model"u8, "text.onnx"));

        Assert.StartsWith("text.onnx: ", e.Message);
    }

    [Fact]
    public void EveryTruncationBeforeTheMetadataIsRefused()
    {
        var network = new Layers.Network<float>(3, new Layers.LayerSpec(4, Layers.Activation.Relu), new Layers.LayerSpec(2, Layers.Activation.Softmax));
        byte[] bytes = OnnxFile.Export(network, new IO.ModelMetadata());
        ModelProto whole = ModelProto.Parser.ParseFrom(bytes);
        whole.MetadataProps.Clear();

        // The metadata is written last; a file cut before it lacks part of the graph or the opset.
        for (int length = 0; length < whole.CalculateSize(); length++)
        {
            Assert.Throws<OnnxFormatException>(() => OnnxFile.Import(bytes.AsSpan(0, length), "cut.onnx"));
        }
    }

    [Fact]
    public void RandomBytesAreRefused()
    {
        var random = new Random(42);
        for (int i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            Assert.Throws<OnnxFormatException>(() => OnnxFile.Import(bytes, "random.onnx"));
        }
    }

    private static OnnxFormatException Refused(byte[] bytes, string node)
    {
        OnnxFormatException e = Assert.Throws<OnnxFormatException>(() => OnnxFile.Import(bytes, "bad.onnx"));
        Assert.Equal(node, e.Node);
        Assert.StartsWith($"bad.onnx: node '{node}' (", e.Message);
        return e;
    }
}
