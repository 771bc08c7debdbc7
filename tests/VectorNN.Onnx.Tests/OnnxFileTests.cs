using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Tests;
using Xunit;

namespace VectorNN.Onnx.Tests;

public sealed class OnnxFileTests
{
    private static readonly Network<float> Network = new(2, new LayerSpec(3, Activation.Relu));

    [Fact]
    public void SaveReplacesAnExistingFileWhole()
    {
        using var folder = new TempFolder();
        string path = folder.Write("m.onnx", "old contents");

        OnnxFile.Save(path, Network, new ModelMetadata());

        Assert.Equal(OnnxFile.Export(Network, new ModelMetadata()), File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void SaveLeavesADirectoryInTheWayAloneAndNoTemporaryFile()
    {
        using var folder = new TempFolder();
        string path = folder.File("m.onnx");
        Directory.CreateDirectory(path);

        Assert.Throws<IOException>(() => OnnxFile.Save(path, Network, new ModelMetadata()));

        Assert.True(Directory.Exists(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void WriteThenReadThroughStreams()
    {
        using var stream = new MemoryStream();
        OnnxFile.Write(stream, Network, new ModelMetadata());
        stream.Position = 0;

        OnnxModel model = OnnxFile.Read(stream, "stream");

        Assert.Equal([2, 3], model.LayerWidths);
    }

    [Fact]
    public void ARegressionModelsTargetNames_RoundTrip()
    {
        var network = new Network<double>(2, new LayerSpec(2, Activation.Identity));
        var metadata = new ModelMetadata { Loss = VectorNN.Losses.Loss.MeanSquaredError, Targets = ["progression", "bmi"] };

        OnnxModel model = OnnxFile.Import(OnnxFile.Export(network, metadata), "regression.onnx");

        Assert.Equal(["progression", "bmi"], model.Metadata.Targets);
        Assert.Null(model.Metadata.Classes);
    }

    [Fact]
    public void AModelOnStandardizedTargets_IsRefused_SinceTheGraphWouldNotUndoTheScaling()
    {
        var network = new Network<double>(2, new LayerSpec(1, Activation.Identity));
        var metadata = new ModelMetadata
        {
            Targets = ["y"],
            TargetNormalization = new VectorNN.Data.Normalization(VectorNN.Data.NormalizationMethod.ZScore, [150], [77]),
        };

        ArgumentException e = Assert.Throws<ArgumentException>(() => OnnxFile.Export(network, metadata));
        Assert.Contains("standardized targets", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadNamesTheFileInItsErrors()
    {
        using var folder = new TempFolder();
        string path = folder.Write("empty.onnx", []);

        OnnxFormatException e = Assert.Throws<OnnxFormatException>(() => OnnxFile.Load(path));

        Assert.Equal(path, e.Path);
        Assert.Equal($"{path}: the model has no graph", e.Message);
    }
}
