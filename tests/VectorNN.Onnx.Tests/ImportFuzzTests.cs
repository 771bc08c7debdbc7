using FsCheck;
using FsCheck.Xunit;
using VectorNN.IO;
using VectorNN.Onnx.Tests.Generators;
using Xunit;

namespace VectorNN.Onnx.Tests;

public sealed class ImportFuzzTests
{
    /// <summary>
    /// Whatever the damage, importing either gives a model whose network runs, or throws <see cref="OnnxFormatException"/>:
    /// no other exception type escapes (no IndexOutOfRange, no OutOfMemory from a declared size, no hang).
    /// </summary>
    [Property(Arbitrary = [typeof(MutatedModels)], MaxTest = 10_000, QuietOnSuccess = true)]
    public void OnlyOnnxFormatExceptionEscapes(byte[] bytes)
    {
        OnnxModel model;
        try
        {
            model = OnnxFile.Import(bytes, "mutated.onnx");
        }
        catch (OnnxFormatException)
        {
            return;
        }

        if (model.Precision == ModelPrecision.Single)
        {
            Run(model.AsSingle());
        }
        else
        {
            Run(model.AsDouble());
        }

        Assert.Equal(model.LayerWidths.Count - 1, model.Activations.Count);
    }

    private static void Run<T>(Layers.Network<T> network)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var outputs = new T[network.OutputCount];
        network.Predict(new T[network.InputCount], outputs);
    }
}
