using System.Runtime.InteropServices;

namespace VectorNN.IO;

/// <summary>
/// The two file-system operations .NET does not offer, on Linux: the type of an entry (.NET reports a device, FIFO or
/// socket as a normal file) and flushing a folder to disk (<see cref="File.OpenHandle"/> refuses folders).
/// </summary>
/// <remarks>
/// The calls go to the C library through source-generated <see cref="LibraryImportAttribute"/> stubs, which need no
/// runtime marshalling and so are trimming- and NativeAOT-clean. <c>statx</c> is used rather than <c>stat</c> because
/// its buffer has one layout on every Linux architecture (<c>stat</c>'s differs between x64 and arm64), and
/// <c>open</c> is called with flags only (no variadic mode argument). Elsewhere, and where the C library lacks
/// <c>statx</c> (glibc before 2.28, old musl), the kind is <see cref="FileKind.Unknown"/> and folders are not flushed.
/// </remarks>
internal static partial class NativeFileSystem
{
    private const string LibC = "libc";

    // Linux constants, the same on every architecture .NET runs on.
    private const int AtCurrentDirectory = -100;
    private const int ReadOnlyCloseOnExec = 0x80000;
    private const uint StatxType = 0x1;
    private const int StatxBufferSize = 256;
    private const int StatxModeOffset = 28;
    private const int FileTypeMask = 0xF000;
    private const int NoSuchEntry = 2;
    private const int NotADirectory = 20;
    private const int InvalidArgument = 22;

    /// <summary>The kind of the entry at <paramref name="path"/>, following symbolic links.</summary>
    public static FileKind KindOf(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return Directory.Exists(path) ? FileKind.Directory : FileKind.Unknown;
        }

        var buffer = new byte[StatxBufferSize];
        int result;
        try
        {
            result = Statx(AtCurrentDirectory, path, 0, StatxType, ref buffer[0]);
        }
        catch (EntryPointNotFoundException)
        {
            return Directory.Exists(path) ? FileKind.Directory : FileKind.Unknown;
        }

        if (result != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            return error is NoSuchEntry or NotADirectory ? FileKind.Missing
                : Directory.Exists(path) ? FileKind.Directory : FileKind.Unknown;
        }

        int type = BitConverter.ToUInt16(buffer, StatxModeOffset) & FileTypeMask;
        return type switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0x1000 => FileKind.Fifo,
            0xC000 => FileKind.Socket,
            _ => FileKind.Unknown,
        };
    }

    /// <summary>
    /// Flushes <paramref name="folder"/>'s entries to disk (fsync on the folder), so that a rename into it survives a
    /// power loss. Returns 0, or the error number of a folder that could be opened but not flushed (EINVAL, a file
    /// system that cannot flush folders, counts as success). A folder that cannot be opened is skipped: the rename
    /// has happened, and only its durability is then left to the file system.
    /// </summary>
    public static int FlushFolder(string folder)
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        int descriptor;
        try
        {
            descriptor = Open(folder, ReadOnlyCloseOnExec);
        }
        catch (EntryPointNotFoundException)
        {
            return 0;
        }

        if (descriptor < 0)
        {
            return 0;
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                int error = Marshal.GetLastPInvokeError();
                return error == InvalidArgument ? 0 : error;
            }

            return 0;
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport(LibC, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte buffer);

    [LibraryImport(LibC, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport(LibC, EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport(LibC, EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
