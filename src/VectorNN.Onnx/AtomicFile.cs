using System.Security.Cryptography;

namespace VectorNN.Onnx;

/// <summary>Replaces a file whole or not at all, as the model files do.</summary>
internal static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="bytes"/> to a temporary file in the same folder, flushes it to disk and moves it over
    /// <paramref name="path"/>; on failure the temporary file is removed and an existing file is left as it was.
    /// </summary>
    /// <exception cref="IOException"><paramref name="path"/> exists and is not a regular file (it is never replaced), or writing failed.</exception>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"Expected a file path, got the root '{path}'.", nameof(path));
        if (Directory.Exists(full) || (File.Exists(full) && (File.GetAttributes(full) & (FileAttributes.Directory | FileAttributes.Device | FileAttributes.ReparsePoint)) != 0))
        {
            throw new IOException($"{path}: not a regular file; it is left as it is.");
        }

        string temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
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
            // The original error matters more than a leftover temporary file.
        }
    }
}
