using System.Text.Json;
using VectorNN.IO;
using VectorNN.Onnx.Tests.Oracles;
using Xunit;

namespace VectorNN.Onnx.Tests;

/// <summary>
/// Models written by the real exporters (Fixtures/make_onnx_fixtures.py: PyTorch's TorchScript exporter, and the
/// MatMul + Add forms of PyTorch's dynamo exporter and of Keras/tf2onnx) import and reproduce the outputs PyTorch
/// computed for fixed inputs.
/// </summary>
public sealed class OnnxFixtureTests
{
    public static TheoryData<string> Names()
    {
        using JsonDocument fixtures = Fixtures();
        return [.. fixtures.RootElement.EnumerateObject().Select(p => p.Name)];
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ImportedModelReproducesPyTorchsOutputs(string name)
    {
        using JsonDocument fixtures = Fixtures();
        JsonElement f = fixtures.RootElement.GetProperty(name);
        double[] raw = Doubles(f, "inputs");
        double[] expected = Doubles(f, "outputs");
        int batch = f.GetProperty("shape")[0].GetInt32();
        bool single = f.GetProperty("dtype").GetString() == "float32";
        bool logSoftmax = f.GetProperty("log_softmax").GetBoolean();

        OnnxModel model = OnnxFile.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", f.GetProperty("file").GetString()!));

        Assert.Equal(single ? ModelPrecision.Single : ModelPrecision.Double, model.Precision);
        Assert.Equal(logSoftmax, model.LogSoftmaxOutput);
        double[] actual = single ? Predict(model.AsSingle(), model, raw, batch) : Predict(model.AsDouble(), model, raw, batch);
        double unit = single ? Math.ScaleB(1, -24) : Math.ScaleB(1, -53);

        // Both are correct evaluations of the same network in the same precision: they agree within the forward error
        // bound (see ForwardErrorBound). PyTorch's log-softmax rounds its result once more, by at most a few units of
        // |log p|, which moves exp(log p) by that much relative.
        double[] bounds = ForwardErrorBound.Of(model.AsDouble(), model.Metadata.Normalization, raw, batch, unit, 0);
        for (int i = 0; i < actual.Length; i++)
        {
            double reference = logSoftmax ? Math.Exp(expected[i]) : expected[i];
            double bound = bounds[i] + (logSoftmax ? 8 * unit * reference * (1 + Math.Abs(expected[i])) : 0);
            Assert.True(Math.Abs(actual[i] - reference) <= bound, $"{name}: output {i}: VectorNN {actual[i]}, PyTorch {reference}, bound {bound:G3}");
        }
    }

    private static double[] Predict<T>(Layers.Network<T> network, OnnxModel model, double[] raw, int batch)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        T[] inputs = [.. raw.Select(T.CreateTruncating)];
        model.Metadata.Normalization?.Apply<T>(inputs);
        var outputs = new T[batch * network.OutputCount];
        network.Predict(inputs, batch, outputs);
        return [.. outputs.Select(double.CreateTruncating)];
    }

    private static double[] Doubles(JsonElement fixture, string property) =>
        [.. fixture.GetProperty(property).EnumerateArray().Select(e => e.GetDouble())];

    private static JsonDocument Fixtures() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "onnx-fixtures.json")));
}
