using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Onnx.Protos;
using VectorNN.Onnx.Tests.Generators;
using VectorNN.Onnx.Tests.Oracles;
using Xunit;

namespace VectorNN.Onnx.Tests;

public sealed class ExportTests
{
    [Property(Arbitrary = [typeof(ExportCases)], MaxTest = 60)]
    public void OnnxRuntimeAgreesWithPredictInFloat(ExportCase c) => AgreeWithOnnxRuntime<float>(c, Math.ScaleB(1, -24), 0);

    // ONNX attributes are floats: a double model's LeakyRelu slope is 0.01f in the graph, 2.2e-10 from VectorNN's 0.01.
    [Property(Arbitrary = [typeof(ExportCases)], MaxTest = 60)]
    public void OnnxRuntimeAgreesWithPredictInDouble(ExportCase c) => AgreeWithOnnxRuntime<double>(c, Math.ScaleB(1, -53), Math.Abs(0.01 - (double)0.01f));

    [Fact]
    public void SameModelGivesIdenticalBytes()
    {
        ExportCase c = ExportCases.Cases().Generator.Sample(10, 5).Last();
        byte[] first = OnnxFile.Export(c.Network<float>(), c.Metadata);
        byte[] second = OnnxFile.Export(c.Network<float>(), c.Metadata);
        Assert.Equal(first, second);
    }

    [Fact]
    public void GraphIsGemmWithTransposedWeightPerLayerThenActivation()
    {
        var network = new Network<float>(4, new LayerSpec(3, Activation.LeakyRelu), new LayerSpec(2, Activation.Softmax));
        var metadata = new ModelMetadata { Normalization = new Data.Normalization(Data.NormalizationMethod.ZScore, [1, 2, 3, 4], [1, 1, 2, 2]) };
        ModelProto model = ModelProto.Parser.ParseFrom(OnnxFile.Export(network, metadata));

        Assert.Equal(["Sub", "Div", "Gemm", "LeakyRelu", "Gemm", "Softmax"], model.Graph.Node.Select(n => n.OpType));
        Assert.All(model.Graph.Node.Where(n => n.OpType == "Gemm"), n => Assert.Equal(1, n.Attribute.Single(a => a.Name == "transB").I));
        Assert.Equal(0.01f, model.Graph.Node.Single(n => n.OpType == "LeakyRelu").Attribute.Single().F);
        Assert.Equal(-1, model.Graph.Node.Single(n => n.OpType == "Softmax").Attribute.Single().I);
        Assert.Equal([3L, 4L], model.Graph.Initializer.Single(t => t.Name == "layers.0.weight").Dims);
        Assert.Equal("batch", model.Graph.Input.Single().Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal("batch", model.Graph.Output.Single().Type.TensorType.Shape.Dim[0].DimParam);
        Assert.True(model.OpsetImport.Single().Version >= 17);
        Assert.Equal(8, model.IrVersion);
    }

    [Fact]
    public void MetadataHoldsClassesLossAndNormalization()
    {
        var network = new Network<double>(2, new LayerSpec(3, Activation.Softmax));
        var normalization = new Data.Normalization(Data.NormalizationMethod.MinMax, [0.1, 0.2], [3, 0.7]);
        var metadata = new ModelMetadata { Loss = Losses.Loss.CrossEntropy, Normalization = normalization, Classes = ["setosa", "versi,color", "vïrginica"] };
        ModelProto model = ModelProto.Parser.ParseFrom(OnnxFile.Export(network, metadata));
        var props = model.MetadataProps.ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal("""["setosa","versi,color","v\u00EFrginica"]""", props["vectornn.classes"]);
        Assert.Equal("cross-entropy", props["vectornn.loss"]);
        Assert.Equal(normalization.ToJson(), props["vectornn.normalization"]);
        Assert.Equal("2,3", props["vectornn.layers"]);
        Assert.Equal("softmax", props["vectornn.activations"]);
    }

    private static void AgreeWithOnnxRuntime<T>(ExportCase c, double unit, double leakySlopeError)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Network<T> network = c.Network<T>();
        T[] raw = Array.ConvertAll(c.Inputs, T.CreateTruncating);

        T[] expected = OnnxRuntimeOracle.Run(OnnxFile.Export(network, c.Metadata), raw, c.Batch, c.Widths[0]);

        T[] inputs = (T[])raw.Clone();
        c.Normalization?.Apply<T>(inputs);
        var actual = new T[c.Batch * network.OutputCount];
        network.Predict(inputs, c.Batch, actual);
        double[] bounds = ForwardErrorBound.Of(c.Network<double>(), c.Normalization, Array.ConvertAll(raw, double.CreateTruncating), c.Batch, unit, leakySlopeError);
        for (int i = 0; i < actual.Length; i++)
        {
            double difference = Math.Abs(double.CreateTruncating(actual[i]) - double.CreateTruncating(expected[i]));
            Assert.True(difference <= bounds[i], $"{c}: output {i}: VectorNN {actual[i]}, ONNX Runtime {expected[i]}, difference {difference:G3} > bound {bounds[i]:G3}");
        }
    }
}
