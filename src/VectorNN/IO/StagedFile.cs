using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace VectorNN.IO;

/// <summary>
/// A file written under a temporary name beside its target, flushed to disk, then moved over the target, so a reader
/// sees the old file or the new one and never a part. Disposing a file that was not moved deletes its temporary file.
/// </summary>
/// <remarks>
/// <para>
/// The temporary file is named <c>.NAME.vectornn-tmp-PID-RANDOM</c> (NAME the target's name, PID this process's id,
/// RANDOM 12 lower-case hex digits). A process killed during a save leaves such a file; the next save to the same
/// folder deletes the ones whose process no longer runs, or that are older than a day (the process id was reused),
/// and nothing that does not match the pattern exactly or is not a regular file.
/// </para>
/// <para>
/// After the moves, each folder is flushed to disk (see <see cref="NativeFileSystem.FlushFolder"/>) so that a power
/// loss cannot undo a rename that was reported as done.
/// </para>
/// </remarks>
internal sealed partial class StagedFile : IDisposable
{
    private const string Marker = ".vectornn-tmp-";
    private static readonly TimeSpan AbandonedAge = TimeSpan.FromDays(1);

    private readonly FileStream file;
    private bool closed;
    private bool moved;

    private StagedFile(string target, string temporaryPath, FileStream file, Stream stream)
    {
        Target = target;
        TemporaryPath = temporaryPath;
        this.file = file;
        Stream = stream;
    }

    /// <summary>The file the content will replace (a symbolic link's final target).</summary>
    public string Target { get; }

    /// <summary>The temporary file being written.</summary>
    public string TemporaryPath { get; }

    /// <summary>Where the content goes; seekable.</summary>
    public Stream Stream { get; }

    /// <summary>
    /// Checks the target (<see cref="SaveTarget.Resolve"/>), deletes abandoned temporary files in its folder and
    /// creates a temporary file beside it.
    /// </summary>
    public static StagedFile Create(string path)
    {
        string target = SaveTarget.Resolve(path);
        string folder = Path.GetDirectoryName(target)!;
        RemoveAbandoned(folder);
        string random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        string temporary = Path.Combine(folder, $".{Path.GetFileName(target)}{Marker}{Environment.ProcessId}-{random}");
        var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        if (!OperatingSystem.IsWindows() && File.Exists(target))
        {
            // The replacement keeps the permissions of the file it replaces (a private model stays private).
            try
            {
                File.SetUnixFileMode(file.SafeFileHandle, File.GetUnixFileMode(target));
            }
            catch
            {
                file.Dispose();
                File.Delete(temporary);
                throw;
            }
        }

        return new StagedFile(target, temporary, file, SaveFaults.Current?.WrapStream?.Invoke(file) ?? file);
    }

    /// <summary>Flushes the content to disk and closes the temporary file; errors (a full disk) surface here.</summary>
    public void Complete()
    {
        Stream.Flush();
        file.Flush(flushToDisk: true);
        closed = true;
        Stream.Dispose();
        file.Dispose();
    }

    /// <summary>
    /// Moves completed files over their targets in the order given, then flushes their folders. A failure between two
    /// moves leaves the earlier ones done: a reader of pairs must check that the parts belong together.
    /// </summary>
    /// <exception cref="IOException">A move failed, or a folder could not be flushed to disk.</exception>
    public static void Commit(params ReadOnlySpan<StagedFile> files)
    {
        foreach (StagedFile staged in files)
        {
            if (!staged.closed)
            {
                throw new InvalidOperationException($"{staged.TemporaryPath} is moved before it is complete.");
            }

            File.Move(staged.TemporaryPath, staged.Target, overwrite: true);
            staged.moved = true;
            SaveFaults.Current?.AfterMove?.Invoke(staged.Target);
        }

        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (StagedFile staged in files)
        {
            string folder = Path.GetDirectoryName(staged.Target)!;
            int error = folders.Add(folder) ? NativeFileSystem.FlushFolder(folder) : 0;
            if (error != 0)
            {
                throw new IOException($"{staged.Target} was written, but its folder could not be flushed to disk (error {error}: {Marshal.GetPInvokeErrorMessage(error)}); a power loss may undo the save.");
            }
        }
    }

    /// <summary>Unless the file was moved: closes it, ignoring any error (the save has already failed), and deletes it.</summary>
    public void Dispose()
    {
        if (moved)
        {
            return;
        }

        try
        {
            Stream.Dispose();
            file.Dispose();
        }
        catch (Exception)
        {
            // Any error: closing a stream whose writes failed may fail again (its buffer still cannot be written), and
            // the first error is the one the caller must see; the file is deleted below either way.
            CloseQuietly(file);
        }
        finally
        {
            TryDelete(TemporaryPath);
        }
    }

    /// <summary>Deletes this library's temporary files in <paramref name="folder"/> that no running save can own.</summary>
    private static void RemoveAbandoned(string folder)
    {
        try
        {
            foreach (string path in Directory.EnumerateFiles(folder, $".*{Marker}*"))
            {
                Match match = TemporaryName().Match(Path.GetFileName(path));
                if (match.Success
                    && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int process)
                    && NativeFileSystem.KindOf(path) is FileKind.Regular or FileKind.Unknown
                    && (File.GetAttributes(path) & FileAttributes.ReparsePoint) == 0
                    && (!IsRunning(process) || DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > AbandonedAge))
                {
                    TryDelete(path);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Cleaning up is a courtesy; a folder that cannot be listed still takes the save.
        }
    }

    private static bool IsRunning(int process)
    {
        if (process == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using Process running = Process.GetProcessById(process);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static void CloseQuietly(FileStream stream)
    {
        try
        {
            stream.Dispose();
        }
        catch (Exception)
        {
            // See Dispose.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original error matters more; the next save to the folder removes the file once this process ends.
        }
    }

    [GeneratedRegex(@"^\..+\.vectornn-tmp-([0-9]{1,10})-[0-9a-f]{12}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TemporaryName();
}
