using VectorNN.Data;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Quantization;
using Xunit;

namespace VectorNN.Tests.IO;

public sealed class ModelSummaryTests : IDisposable
{
    private static readonly Normalization ZScore = new(NormalizationMethod.ZScore, [1, 2, 3], [0.5, 0.25, 2]);

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Of_ANetwork_CountsEachLayerByHand()
    {
        var network = new Network<float>(3, new LayerSpec(4, Activation.Tanh), new LayerSpec(2, Activation.Softmax));
        ModelSummary summary = ModelSummary.Of(network, new ModelMetadata { Loss = Loss.CrossEntropy, Normalization = ZScore, Classes = ["a", "b"] });

        // Layer 0: 3 x 4 weights + 4 biases = 16; inference 2 x 3 x 4 = 24; training: forward + weight gradient, 48 (no input gradient into the data).
        // Layer 1: 4 x 2 + 2 = 10; inference 2 x 4 x 2 = 16; training: forward, weight gradient and input gradient, 48.
        Assert.Equal(
            [new LayerSummary(0, 3, 4, Activation.Tanh, 16, 24, 48), new LayerSummary(1, 4, 2, Activation.Softmax, 10, 16, 48)],
            summary.Layers);
        Assert.Equal(26, summary.ParameterCount);
        Assert.Equal(40, summary.InferenceFlopPerSample);
        Assert.Equal(96, summary.TrainingFlopPerSample);
        Assert.Equal(3, summary.InputCount);
        Assert.Equal(2, summary.OutputCount);
        Assert.Equal("float32", summary.DType);
        Assert.Equal(Loss.CrossEntropy, summary.Loss);
        Assert.Same(ZScore, summary.Normalization);
        Assert.Equal(["a", "b"], summary.Classes!);
        Assert.Null(summary.ChecksumVerified);
    }

    [Fact]
    public void Read_ADoubleModelFile_VerifiesItsChecksums_AndReadsItsMetadata()
    {
        var network = new Network<double>(3, new LayerSpec(4, Activation.Relu), new LayerSpec(2, Activation.Softmax));
        network.Initialize(new WeightInit.He(), 1);
        string path = temp.File("m.safetensors");
        ModelFile.Save(path, network, new ModelMetadata { Loss = Loss.CrossEntropy, Normalization = ZScore, Classes = ["a", "b"] });

        ModelSummary summary = ModelSummary.Read(path);

        Assert.Equal("float64", summary.DType);
        Assert.True(summary.ChecksumVerified);
        Assert.Null(summary.ChecksumError);
        Assert.Equal(26, summary.ParameterCount);
        Assert.Equal(NormalizationMethod.ZScore, summary.Normalization!.Method);
        Assert.Equal(["a", "b"], summary.Classes!);
    }

    [Fact]
    public void Read_AFileWithACorruptWeight_SaysTheChecksumFails_AndStillDescribesTheHeader()
    {
        var network = new Network<float>(3, new LayerSpec(2, Activation.Softmax));
        network.Initialize(new WeightInit.He(), 1);
        string path = temp.File("m.safetensors");
        ModelFile.Save(path, network, new ModelMetadata { Loss = Loss.CrossEntropy });
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        ModelSummary summary = ModelSummary.Read(path);

        Assert.False(summary.ChecksumVerified);
        Assert.Contains("sha256", summary.ChecksumError);
        Assert.Equal(8, summary.ParameterCount);
    }

    [Fact]
    public void Read_AnInt8ModelFile_IsInt8()
    {
        var network = new Network<float>(3, new LayerSpec(4, Activation.Relu), new LayerSpec(2, Activation.Softmax));
        network.Initialize(new WeightInit.He(), 1);
        string path = temp.File("q.safetensors");
        QuantizedModelFile.Save(path, Quantizer.Quantize(network), new ModelMetadata { Loss = Loss.CrossEntropy });

        ModelSummary summary = ModelSummary.Read(path);

        Assert.Equal("int8", summary.DType);
        Assert.True(summary.ChecksumVerified);
        Assert.Equal(26, summary.ParameterCount);
        Assert.Equal("int8", ModelSummary.Of(Quantizer.Quantize(network), new ModelMetadata { Loss = Loss.CrossEntropy }).DType);
    }

    [Fact]
    public void Read_AFileThatIsNoModel_IsAModelFormatError()
    {
        string path = temp.Write("x.safetensors", "not a model at all");
        Assert.Throws<ModelFormatException>(() => ModelSummary.Read(path));
    }
}
