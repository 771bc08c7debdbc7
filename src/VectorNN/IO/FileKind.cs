namespace VectorNN.IO;

/// <summary>What a path names, as far as saving cares: nothing, a regular file, or something a save must not replace.</summary>
internal enum FileKind
{
    /// <summary>Nothing exists at the path.</summary>
    Missing,

    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A character device such as <c>/dev/null</c>.</summary>
    CharacterDevice,

    /// <summary>A block device such as a disk.</summary>
    BlockDevice,

    /// <summary>A named pipe.</summary>
    Fifo,

    /// <summary>A Unix-domain socket.</summary>
    Socket,

    /// <summary>The kind could not be determined (not Linux, or the system call is unavailable); only folders are recognized.</summary>
    Unknown,
}
