using VectorNN.IO;
using Xunit;

namespace VectorNN.Tests.IO;

/// <summary>A save replaces a regular file or creates one; anything else at the path is refused and left alone.</summary>
public sealed class SaveTargetTests
{
    public static TheoryData<string> Kinds => [.. SpecialFiles.Kinds];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Save_OverANonRegularFile_IsRefused_AndLeavesItAsItWas(string kind)
    {
        using var folder = new TempFolder();
        string path = folder.File("target");
        SpecialFiles.Create(kind, path);

        var e = Assert.ThrowsAny<IOException>(() => ModelFile.Save(path, ModelFiles.Sample<float>(), ModelFiles.SampleMetadata()));

        Assert.Contains("not a regular file", e.Message, StringComparison.Ordinal);
        Assert.True(SpecialFiles.Is(kind, path), $"the {kind} is still there");
        Assert.Equal([path], Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void Save_ThroughASymlink_ReplacesItsTarget_AndKeepsTheLink()
    {
        using var folder = new TempFolder();
        string target = folder.File("real.safetensors");
        ModelFile.Save(target, ModelFiles.Sample<float>(1), ModelFiles.SampleMetadata());
        Directory.CreateDirectory(folder.File("links"));
        string link = folder.File("links/model.safetensors");
        File.CreateSymbolicLink(link, "../real.safetensors");

        ModelFile.Save(link, ModelFiles.Sample<float>(2), ModelFiles.SampleMetadata());

        Assert.Equal("../real.safetensors", new FileInfo(link).LinkTarget);
        Assert.Equal(ModelFiles.Sample<float>(2).GetWeights(), ModelFile.Load(target).AsSingle().GetWeights());
        Assert.Equal([link], Directory.GetFileSystemEntries(folder.File("links")));
    }
}
