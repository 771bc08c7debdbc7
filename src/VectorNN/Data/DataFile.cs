namespace VectorNN.Data;

/// <summary>How the loaders open and buffer data files.</summary>
/// <remarks>
/// The decompressor asks its source for 8 KiB at a time and a <see cref="StreamReader"/> for 1 KiB by default; behind a
/// <see cref="FileStream"/>'s default 4 KiB buffer that was a system call per 4-8 KiB: 24,000 of them for a 100 MB CSV
/// file, which in a virtual machine cost a noticeable part of the load (bench/RESULTS.md, "Data loading").
/// </remarks>
internal static class DataFile
{
    /// <summary>Bytes read from a file or a text stream at a time.</summary>
    public const int ReadBlock = 1 << 16;

    /// <summary>Opens <paramref name="path"/> for reading in blocks of <see cref="ReadBlock"/> bytes.</summary>
    public static FileStream OpenRead(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, ReadBlock);
}
