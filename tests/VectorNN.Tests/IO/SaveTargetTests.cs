using VectorNN.IO;
using VectorNN.Optim;
using VectorNN.Tests.Cli;
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
        using IDisposable? entry = SpecialFiles.Create(kind, path);

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
        Assert.Equal(ModelFiles.Sample<float>(2).GetParameters(), ModelFile.Load(target).AsSingle().GetParameters());
        Assert.Equal([link], Directory.GetFileSystemEntries(folder.File("links")));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SavePair_WithAStateTargetThatIsNotARegularFile_IsRefused_AndChangesNothing(string kind)
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        ModelFile.Save(path, ModelFiles.Sample<float>(1), ModelFiles.SampleMetadata());
        byte[] before = File.ReadAllBytes(path);
        using IDisposable? entry = SpecialFiles.Create(kind, path + ".optimizer");

        var e = Assert.ThrowsAny<IOException>(() => ModelFile.Save(path, ModelFiles.Sample<float>(2), ModelFiles.SampleMetadata(), new Adam<float>()));

        Assert.Contains("not a regular file", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.True(SpecialFiles.Is(kind, path + ".optimizer"));
        Assert.Equal([path, path + ".optimizer"], Directory.GetFileSystemEntries(folder.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Resolve_NamesTheFinalTargetOfAChainOfLinks()
    {
        using var folder = new TempFolder();
        string target = folder.File("real.safetensors");
        File.CreateSymbolicLink(folder.File("b"), "real.safetensors");
        File.CreateSymbolicLink(folder.File("a"), folder.File("b"));

        Assert.Equal(target, SaveTarget.Resolve(folder.File("a")));
        Assert.Equal(target, SaveTarget.Resolve(target));
    }

    [Fact]
    public void Resolve_ALinkToADevice_IsRefused()
    {
        using var folder = new TempFolder();
        _ = SpecialFiles.Create("device", folder.File("null"));
        File.CreateSymbolicLink(folder.File("model.safetensors"), "null");

        var e = Assert.Throws<IOException>(() => SaveTarget.Resolve(folder.File("model.safetensors")));
        Assert.Equal($"{folder.File("null")} (the target of the link {folder.File("model.safetensors")}) is a character device, not a regular file; a save replaces only a regular file, so it was left as it is.", e.Message);
    }

    [Fact]
    public void Resolve_AMissingFolder_IsRefused()
    {
        using var folder = new TempFolder();
        Assert.Throws<DirectoryNotFoundException>(() => SaveTarget.Resolve(folder.File("missing/model.safetensors")));
    }

    [Fact]
    public void Cli_SaveToAFifo_FailsBeforeTraining_InOneLine()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        _ = SpecialFiles.Create("fifo", path);

        VectorNNProgram.Result r = VectorNNProgram.Run(
            "train", "--train", Path.Combine(AppContext.BaseDirectory, "data", "iris-train.csv"), "--layers", "4,5,3", "--epochs", "3", "--save", path);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Equal($"vectornn: {path} is a FIFO (named pipe), not a regular file; a save replaces only a regular file, so it was left as it is.", r.Stderr.Trim());
        Assert.DoesNotContain("epoch", r.Stdout, StringComparison.Ordinal);
        Assert.True(SpecialFiles.Is("fifo", path));
    }

    [Theory]
    [InlineData("", "expected a file path, got ''.")]
    [InlineData("/", "expected a file path, got the folder '/'.")]
    public void Cli_SaveToNoFileName_IsAUsageError(string target, string message)
    {
        VectorNNProgram.Result r = VectorNNProgram.Run(
            "train", "--train", Path.Combine(AppContext.BaseDirectory, "data", "iris-train.csv"), "--layers", "4,5,3", "--epochs", "1", "--save", target);

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal($"vectornn: --save: {message}", r.Stderr.Trim());
    }
}
