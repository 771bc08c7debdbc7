using System.Diagnostics;

namespace VectorNN.Tests.IO;

/// <summary>A small tmpfs mounted on a folder, so a test can fill a real disk; unmounted on dispose.</summary>
internal sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    /// <summary>The mounted folder.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="kibibytes"/> KiB on a new folder inside <paramref name="parent"/>; null where mounting is not permitted.</summary>
    public static SmallDisk? TryMount(string parent, int kibibytes)
    {
        string path = System.IO.Path.Combine(parent, "disk");
        Directory.CreateDirectory(path);
        return Run("mount", "-t", "tmpfs", "-o", $"size={kibibytes}k", "tmpfs", path) ? new SmallDisk(path) : null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!Run("umount", Path))
        {
            // A busy mount is detached now and released when its last file closes; the folder can then be removed.
            Run("umount", "-l", Path);
        }
    }

    private static bool Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        try
        {
            using Process process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
