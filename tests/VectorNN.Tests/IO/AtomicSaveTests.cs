using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using Xunit;

namespace VectorNN.Tests.IO;

/// <summary>A save that fails leaves the existing file byte-identical and no temporary file behind.</summary>
public sealed class AtomicSaveTests
{
    [Fact]
    public void FailingMidway_OnANonFiniteLastWeight_KeepsTheOldFile()
    {
        // The weights are checked as they are streamed to the temporary file, so this failure comes after the file
        // was created and partly written.
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        ModelFile.Save(path, ModelFiles.Sample<float>(1), ModelFiles.SampleMetadata());
        byte[] before = File.ReadAllBytes(path);

        Network<float> other = ModelFiles.Sample<float>(2);
        other.Parameters.Values[^1] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => ModelFile.Save(path, other, ModelFiles.SampleMetadata()));

        Assert.Contains("layers.1.bias", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void FailingOnInvalidMetadata_KeepsTheOldFile()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        ModelFile.Save(path, ModelFiles.Sample<double>(1), ModelFiles.SampleMetadata());
        byte[] before = File.ReadAllBytes(path);

        Assert.Throws<ArgumentOutOfRangeException>(
            () => ModelFile.Save(path, ModelFiles.Sample<double>(2), new ModelMetadata { Loss = (Loss)42 }));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void FailingToReplace_ADirectoryInTheWay_LeavesNoTemporaryFile()
    {
        // Moving over a directory fails at the last step, after the temporary file is complete.
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        Directory.CreateDirectory(path);

        Assert.ThrowsAny<IOException>(() => ModelFile.Save(path, ModelFiles.Sample<float>(), new ModelMetadata()));

        Assert.Equal([path], Directory.GetFileSystemEntries(folder.Path));
        Assert.True(Directory.Exists(path));
    }

    [Fact]
    public void SavingOverAnExistingModel_ReplacesIt()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        ModelFile.Save(path, ModelFiles.Sample<float>(1), new ModelMetadata());
        Network<float> second = ModelFiles.Sample<float>(2);
        ModelFile.Save(path, second, new ModelMetadata { Loss = Loss.MeanSquaredError });

        LoadedModel loaded = ModelFile.Load(path);
        Assert.Equal(second.GetParameters(), loaded.AsSingle().GetParameters());
        Assert.Equal(Loss.MeanSquaredError, loaded.Metadata.Loss);
        Assert.Equal([path], Directory.GetFileSystemEntries(folder.Path));
    }
}
