using System.Diagnostics;
using VectorNN.IO;
using Xunit;

namespace VectorNN.Tests.IO;

/// <summary>Temporary files of a save: recognizable, never left by a failed save, and removed when a killed process left them.</summary>
public sealed class StagedFileTests
{
    [Fact]
    public void LeftoversOfADeadProcess_AreRemovedByTheNextSave_AndNothingElseIs()
    {
        using var folder = new TempFolder();
        int dead = DeadProcessId();
        string leftover = folder.Write($".model.safetensors.vectornn-tmp-{dead}-0123456789ab", [1, 2, 3]);
        string other = folder.Write($".other.safetensors.vectornn-tmp-{dead}-0123456789ab", [1, 2, 3]);
        string[] notOurs =
        [
            folder.Write($"model.safetensors.vectornn-tmp-{dead}-0123456789ab", [1]),
            folder.Write($".model.safetensors.vectornn-tmp-{dead}-0123456789ab.bak", [1]),
            folder.Write($".model.safetensors.vectornn-tmp-{dead}-0123456789", [1]),
            folder.Write($".model.safetensors.vectornn-tmp-x{dead}-0123456789ab", [1]),
            folder.Write(".model.safetensors.0123456789ab.tmp", [1]),
            folder.Write($".model.safetensors.vectornn-tmp-{Environment.ProcessId}-0123456789ab", [1]),
        ];

        ModelFile.Save(folder.File("model.safetensors"), ModelFiles.Sample<float>(), ModelFiles.SampleMetadata());

        Assert.False(File.Exists(leftover));
        Assert.False(File.Exists(other));
        Assert.All(notOurs, p => Assert.True(File.Exists(p), p));
    }

    [Fact]
    public void ALeftoverOlderThanADay_IsRemoved_EvenIfItsProcessIdIsInUse()
    {
        // A process id in use may belong to another program by now; a save never takes a day.
        using var folder = new TempFolder();
        string old = folder.Write($".model.safetensors.vectornn-tmp-{Environment.ProcessId}-0123456789ab", [1]);
        string recent = folder.Write($".model.safetensors.vectornn-tmp-{Environment.ProcessId}-ba9876543210", [1]);
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddDays(-2));
        File.SetLastWriteTimeUtc(recent, DateTime.UtcNow.AddHours(-20));

        ModelFile.Save(folder.File("model.safetensors"), ModelFiles.Sample<float>(), ModelFiles.SampleMetadata());

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent));
    }

    [Fact]
    public void ASymlinkOrFolderNamedLikeALeftover_IsNotRemoved()
    {
        using var folder = new TempFolder();
        int dead = DeadProcessId();
        string target = folder.Write("keep.bin", [1, 2, 3]);
        string link = folder.File($".model.safetensors.vectornn-tmp-{dead}-0123456789ab");
        File.CreateSymbolicLink(link, target);
        string directory = folder.File($".other.safetensors.vectornn-tmp-{dead}-0123456789ab");
        Directory.CreateDirectory(directory);

        ModelFile.Save(folder.File("model.safetensors"), ModelFiles.Sample<float>(), ModelFiles.SampleMetadata());

        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.True(File.Exists(target));
        Assert.True(Directory.Exists(directory));
    }

    [Fact]
    public void ATemporaryFile_IsNamedForItsTarget_AndThisProcess()
    {
        using var folder = new TempFolder();
        string? seen = null;
        var faults = new SaveFaults { WrapStream = s => { seen = Directory.GetFiles(folder.Path).Single(); return s; } };
        SaveFaults.Current = faults;
        try
        {
            ModelFile.Save(folder.File("model.safetensors"), ModelFiles.Sample<float>(), ModelFiles.SampleMetadata());
        }
        finally
        {
            SaveFaults.Current = null;
        }

        Assert.Matches($@"^\.model\.safetensors\.vectornn-tmp-{Environment.ProcessId}-[0-9a-f]{{12}}$", Path.GetFileName(seen));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AReplacedFile_KeepsItsPermissions()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        ModelFile.Save(path, ModelFiles.Sample<float>(1), ModelFiles.SampleMetadata());
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        ModelFile.Save(path, ModelFiles.Sample<float>(2), ModelFiles.SampleMetadata());

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void FlushFolder_ReachesTheSystemCall()
    {
        using var folder = new TempFolder();
        Assert.Equal(0, NativeFileSystem.FlushFolder(folder.Path));
        Assert.Equal(FileKind.Directory, NativeFileSystem.KindOf(folder.Path));
        Assert.Equal(FileKind.Missing, NativeFileSystem.KindOf(folder.File("none")));
        Assert.Equal(FileKind.Regular, NativeFileSystem.KindOf(folder.Write("file", [1])));
    }

    /// <summary>The id of a process that has exited (ids are reused only after the counter wraps).</summary>
    private static int DeadProcessId()
    {
        using Process process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
