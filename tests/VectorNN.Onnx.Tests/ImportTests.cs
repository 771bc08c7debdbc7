using FsCheck;
using FsCheck.Xunit;
using VectorNN.Data;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Onnx.Protos;
using VectorNN.Onnx.Tests.Generators;
using VectorNN.Onnx.Tests.Oracles;
using Xunit;
using static VectorNN.Onnx.Tests.Generators.GraphBuilder;
using DataType = VectorNN.Onnx.Protos.TensorProto.Types.DataType;

namespace VectorNN.Onnx.Tests;

public sealed class ImportTests
{
    // The hand-built graphs run in double: rounding differences are then below 1e-13 for these few small layers
    // (n u |W| |x| with n <= 8, u = 1.1e-16, values below 100), while a misread weight, transpose or bias moves an
    // output by far more than 1e-9.
    private const double Tolerance = 1e-9;

    private static readonly Random Random = new(20261204);

    [Property(Arbitrary = [typeof(ExportCases)], MaxTest = 100)]
    public void ExportThenImportIsBitIdentical(ExportCase c)
    {
        foreach (ModelPrecision precision in new[] { ModelPrecision.Single, ModelPrecision.Double })
        {
            byte[] bytes = precision == ModelPrecision.Single ? OnnxFile.Export(c.Network<float>(), c.Metadata) : OnnxFile.Export(c.Network<double>(), c.Metadata);

            OnnxModel model = OnnxFile.Import(bytes, "exported.onnx");

            Assert.Equal(precision, model.Precision);
            Assert.Equal(c.Widths, model.LayerWidths);
            Assert.Equal(c.Activations, model.Activations);
            Assert.False(model.LogSoftmaxOutput);
            if (precision == ModelPrecision.Single)
            {
                Assert.Equal(c.Network<float>().GetParameters(), model.AsSingle().GetParameters());
            }
            else
            {
                Assert.Equal(c.Network<double>().GetParameters(), model.AsDouble().GetParameters());
            }

            Assert.Equal(c.Metadata.Loss, model.Metadata.Loss);
            Assert.Equal(c.Metadata.Normalization?.ToJson(), model.Metadata.Normalization?.ToJson());
            Assert.Equal(c.Metadata.Classes, model.Metadata.Classes);
        }
    }

    [Fact]
    public void GemmWithUntransposedWeightAndSoftmax()
    {
        var g = new GraphBuilder(DataType.Double, [0, 3]);
        string h = g.Node("Gemm", ["x", g.Initializer("w0", [3, 4], Values(12)), g.Initializer("b0", [4], Values(4))], Int("transB", 0));
        h = g.Node("Relu", [h]);
        h = g.Node("Gemm", [h, g.Initializer("w1", [2, 4], Values(8)), g.Initializer("b1", [1, 2], Values(2))], Int("transB", 1));
        AgreesWithOnnxRuntime(g.Finish(g.Node("Softmax", [h], Int("axis", 1))), [3, 4, 2], [Activation.Relu, Activation.Softmax]);
    }

    [Fact]
    public void MatMulAddWithTransposedInitializerAndLogSoftmax()
    {
        // As PyTorch's dynamo exporter writes nn.Linear: the [out, in] weight transposed, then MatMul and Add.
        var g = new GraphBuilder(DataType.Double, [0, 5]);
        string wt = g.Node("Transpose", [g.Initializer("w0", [4, 5], Values(20))], new AttributeProto { Name = "perm", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 1, 0 } });
        string h = g.Node("Add", [g.Node("MatMul", ["x", wt]), g.Initializer("b0", [4], Values(4))]);
        h = g.Node("Tanh", [h]);
        h = g.Node("Add", [g.Initializer("b1", [3], Values(3)), g.Node("MatMul", [h, g.Initializer("w1", [4, 3], Values(12))])]);
        byte[] bytes = g.Finish(g.Node("LogSoftmax", [h], Int("axis", -1)));

        OnnxModel model = AgreesWithOnnxRuntime(bytes, [5, 4, 3], [Activation.Tanh, Activation.Softmax], logSoftmax: true);

        Assert.True(model.LogSoftmaxOutput);
        Assert.Equal(Loss.CrossEntropy, model.Metadata.Loss);
    }

    [Fact]
    public void KerasStyleMatMulAddWithTypedData()
    {
        // tf2onnx: MatMul(x, W[in, out]) + Add, weights in the typed double_data field.
        var g = new GraphBuilder(DataType.Double, [0, 6]);
        string h = g.Node("Add", [g.Node("MatMul", ["x", g.Initializer("w0", [6, 7], Values(42), raw: false)]), g.Initializer("b0", [7], Values(7), raw: false)]);
        h = g.Node("Sigmoid", [h]);
        h = g.Node("MatMul", [h, g.Initializer("w1", [7, 1], Values(7), raw: false)]);
        AgreesWithOnnxRuntime(g.Finish(g.Node("Sigmoid", [h])), [6, 7, 1], [Activation.Logistic, Activation.Logistic]);
    }

    [Fact]
    public void ImageInputWithScalarNormalizationFlattenDropoutAndIdentity()
    {
        // An MNIST-style model fed [N, 1, 2, 3]: (x - 0.5) / 0.25, flattened, then dense layers.
        var g = new GraphBuilder(DataType.Double, [0, 1, 2, 3]);
        string h = g.Node("Sub", ["x", g.Initializer("mean", [], [0.5])]);
        h = g.Node("Div", [h, g.Initializer("std", [1], [0.25])]);
        h = g.Node("Flatten", [h], Int("axis", 1));
        h = g.Node("Gemm", [h, g.Initializer("w0", [5, 6], Values(30)), g.Initializer("b0", [5], Values(5))], Int("transB", 1));
        h = g.Node("LeakyRelu", [h], Float("alpha", 0.01f));
        h = g.Node("Dropout", [h, g.Initializer("ratio", [], [0.5])]);
        h = g.Node("Identity", [h]);
        h = g.Node("Gemm", [h, g.Initializer("w1", [2, 5], Values(10)), g.Initializer("b1", [2], Values(2))], Int("transB", 1));

        // ONNX's alpha is a float, 0.01f, 2.2e-10 from VectorNN's 0.01: on pre-activations below 125 and through a
        // second layer of 5 weights below 2, that moves an output by up to 2.8e-7.
        OnnxModel model = AgreesWithOnnxRuntime(g.Finish(h), [6, 5, 2], [Activation.LeakyRelu, Activation.Identity], shape: [1, 2, 3], tolerance: 3e-7);

        Assert.Equal(Enumerable.Repeat(0.5, 6), model.Metadata.Normalization!.Offsets);
        Assert.Equal(Enumerable.Repeat(0.25, 6), model.Metadata.Normalization!.Scales);
    }

    [Fact]
    public void PerFeatureNormalizationComposesSubMulAddAndReshape()
    {
        var g = new GraphBuilder(DataType.Double, [0, 3]);
        string h = g.Node("Sub", ["x", g.Initializer("offsets", [1, 3], [1, -2, 3])]);
        h = g.Node("Mul", [g.Initializer("factors", [3], [0.5, 4, -2]), h]);
        h = g.Node("Add", [h, g.Initializer("shift", [], [0.125])]);
        h = g.Node("Reshape", [h, g.Int64s("shape", -1, 3)]);
        h = g.Node("Gemm", [h, g.Initializer("w0", [2, 3], Values(6))], Int("transB", 1));
        AgreesWithOnnxRuntime(g.Finish(g.Node("Relu", [h])), [3, 2], [Activation.Relu]);
    }

    [Fact]
    public void BiasAddedToAfterGemmLeavesTheSharedConstantAsItIs()
    {
        // One initializer is the first Gemm's C, the Add after it, and the second Gemm's C.
        var g = new GraphBuilder(DataType.Double, [0, 2]);
        string b = g.Initializer("b", [2], [0.5, -1.5]);
        string h = g.Node("Gemm", ["x", g.Initializer("w0", [2, 2], Values(4)), b], Int("transB", 1));
        h = g.Node("Add", [h, b]);
        h = g.Node("Gemm", [h, g.Initializer("w1", [2, 2], Values(4)), b], Int("transB", 1));
        AgreesWithOnnxRuntime(g.Finish(h), [2, 2, 2], [Activation.Identity, Activation.Identity]);
    }

    [Fact]
    public void FloatModelWithTypedFloatData()
    {
        var g = new GraphBuilder(DataType.Float, [0, 4]);
        string h = g.Node("Gemm", ["x", g.Initializer("w0", [3, 4], Values(12), raw: false), g.Initializer("b0", [3], Values(3), raw: false)], Int("transB", 1));
        byte[] bytes = g.Finish(g.Node("Tanh", [h]));

        OnnxModel model = OnnxFile.Import(bytes, "float.onnx");

        Assert.Equal(ModelPrecision.Single, model.Precision);
        float[] inputs = [.. Values(8).Select(v => (float)v)];
        float[] expected = OnnxRuntimeOracle.Run(bytes, inputs, 2, 4);
        var actual = new float[6];
        model.AsSingle().Predict(inputs, 2, actual);

        // Four-term float dot products and tanh: within a few float ulps (6e-8) of each other.
        Assert.All(actual.Zip(expected), p => Assert.InRange(p.First - p.Second, -1e-6f, 1e-6f));
    }

    private static OnnxModel AgreesWithOnnxRuntime(byte[] bytes, int[] widths, Activation[] activations, bool logSoftmax = false, long[]? shape = null, double tolerance = Tolerance)
    {
        OnnxModel model = OnnxFile.Import(bytes, "graph.onnx");
        Assert.Equal(widths, model.LayerWidths);
        Assert.Equal(activations, model.Activations);
        const int batch = 3;
        double[] inputs = Values(batch * widths[0]);
        double[] expected = OnnxRuntimeOracle.Run(bytes, inputs, [batch, .. shape ?? [widths[0]]]);
        if (logSoftmax)
        {
            expected = [.. expected.Select(Math.Exp)];
        }

        double[] normalized = (double[])inputs.Clone();
        model.Metadata.Normalization?.Apply<double>(normalized);
        var actual = new double[batch * widths[^1]];
        model.AsDouble().Predict(normalized, batch, actual);
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance, $"output {i}: VectorNN {actual[i]}, ONNX Runtime {expected[i]}");
        }

        return model;
    }

    private static double[] Values(int count)
    {
        lock (Random)
        {
            return [.. Enumerable.Range(0, count).Select(_ => Math.Round((Random.NextDouble() * 4) - 2, 3))];
        }
    }
}
