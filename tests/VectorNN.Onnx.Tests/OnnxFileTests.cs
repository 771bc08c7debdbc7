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
    public void LoadNamesTheFileInItsErrors()
    {
        using var folder = new TempFolder();
        string path = folder.Write("empty.onnx", []);

        OnnxFormatException e = Assert.Throws<OnnxFormatException>(() => OnnxFile.Load(path));

        Assert.Equal(path, e.Path);
        Assert.Equal($"{path}: the model has no graph", e.Message);
    }
}
