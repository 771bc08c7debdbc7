namespace VectorNN.IO;

/// <summary>Writes a whole file so that it replaces its target whole or not at all, as model files are saved.</summary>
/// <remarks>
/// The bytes go to a temporary file beside the target, are flushed to disk and moved over the target, and the folder
/// is flushed (see <see cref="ModelFile"/>). A target that exists and is not a regular file is refused and left as it
/// is; a symbolic link is followed and its final target replaced (<see cref="SaveTarget.Resolve"/>).
/// </remarks>
public static class AtomicFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/>, atomically.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist (it is not created).</exception>
    /// <exception cref="IOException">
    /// The path is not a regular file (a folder, device, FIFO or socket), or writing failed; an existing file is left
    /// as it was and no temporary file remains.
    /// </exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using StagedFile file = StagedFile.Create(path);
        file.Stream.Write(bytes);
        file.Complete();
        StagedFile.Commit(file);
    }
}
