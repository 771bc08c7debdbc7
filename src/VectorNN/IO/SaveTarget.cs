namespace VectorNN.IO;

/// <summary>
/// Decides which file a save writes: a save creates a new file or replaces a regular file, follows a symbolic link to
/// its final target (the link stays a link and then names the new file), and never replaces anything else.
/// </summary>
/// <remarks>
/// Every save in this library checks its target this way; call <see cref="Resolve"/> before long work whose result
/// will be saved, so that a bad target fails at once rather than after training. The check and the final rename are
/// separate steps: an entry created at the path between them is replaced.
/// </remarks>
public static class SaveTarget
{
    /// <summary>
    /// Returns the full path of the file a save to <paramref name="path"/> creates or replaces: the path itself, or,
    /// for a symbolic link, the final target of its chain of links.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or ends in a folder separator.</exception>
    /// <exception cref="IOException">
    /// The path (or the link's target) exists and is not a regular file: a folder, a device such as <c>/dev/null</c>,
    /// a FIFO or a socket. (On systems other than Linux only folders are recognized.) Also for a chain of links that
    /// does not end.
    /// </exception>
    /// <exception cref="DirectoryNotFoundException">The folder the file would be in does not exist.</exception>
    public static string Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        if (Path.GetFileName(full).Length == 0)
        {
            throw new ArgumentException($"Expected a file path to save to, got the folder '{path}'.", nameof(path));
        }

        string target = new FileInfo(full).LinkTarget is null ? full
            : File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        FileKind kind = NativeFileSystem.KindOf(target);
        if (kind is not (FileKind.Missing or FileKind.Regular or FileKind.Unknown))
        {
            string via = target == full ? string.Empty : $" (the target of the link {path})";
            throw new IOException($"{target}{via} is {Describe(kind)}, not a regular file; a save replaces only a regular file, so it was left as it is.");
        }

        string folder = Path.GetDirectoryName(target)!;
        return Directory.Exists(folder) ? target
            : throw new DirectoryNotFoundException($"{path}: the folder {folder} does not exist.");
    }

    private static string Describe(FileKind kind) => kind switch
    {
        FileKind.Directory => "a folder",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.Socket => "a socket",
        _ => kind.ToString(),
    };
}
