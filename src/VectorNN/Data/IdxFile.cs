using System.Buffers.Binary;
using System.IO.Compression;
using VectorNN.Kernels;
using VectorNN.Memory;

namespace VectorNN.Data;

/// <summary>Reads one IDX file of unsigned bytes (raw or gzip): its dimensions and its data, checked against each other.</summary>
/// <remarks>
/// The data are read in chunks and converted as they arrive, straight into the array that is returned: no copy of the
/// file's bytes is kept, and no memory is touched but that array's (a fresh page costs more than decompressing it).
/// </remarks>
internal static class IdxFile
{
    // Decompressed bytes per read: small enough to stay in the L2 cache between decompression and conversion.
    private const int ChunkLength = 1 << 17;

    // The first allocation when the input cannot be shown to hold the declared data: the array then grows as data
    // arrive, so a corrupt header cannot make a small (compressed) file allocate gigabytes before its length is known
    // to be wrong.
    private const int FirstCapacity = 1 << 20;

    // Deflate's largest expansion: a 258-byte match in as little as two bits (zlib's technical details, "maximum
    // compression factor"). A gzip input of n bytes cannot decompress to more than this many times n.
    private const long MaxDeflateRatio = 1032;

    private const int TrailerLength = 8;

    /// <summary>Reads the file from <paramref name="stream"/>, which need not seek (a pipe), from its current position.</summary>
    public static (int[] Dimensions, TValue[] Data) Read<TValue, TValues>(Stream stream, string path, uint magic, int dimensionCount, LoadLimits limits)
        where TValue : unmanaged
        where TValues : IIdxValues<TValue>
    {
        long? available = PeekStream.Remaining(stream);
        using var compressed = new PeekStream(stream, 2, leaveOpen: true, TrailerLength);
        if (!IsGzip(compressed.Start))
        {
            Content<TValue> raw = ReadContent<TValue, TValues>(compressed, path, magic, dimensionCount, limits, "", available, checksum: false);
            return (raw.Dimensions, raw.Data);
        }

        using var content = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
        try
        {
            Content<TValue> read = ReadContent<TValue, TValues>(
                content, path, magic, dimensionCount, limits, " of the decompressed content", available * MaxDeflateRatio, checksum: true);
            RequireTrailer<TValue, TValues>(compressed, path, read);
            return (read.Dimensions, read.Data);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw GzipContent.Damaged(path, e);
        }
    }

    public static bool IsGzip(ReadOnlySpan<byte> start) => start.Length >= 2 && start[0] == 0x1f && start[1] == 0x8b;

    /// <summary>What a content starting with <paramref name="found"/> looks like, for an error about a wrong magic.</summary>
    public static string Describe(uint found)
    {
        if (found >> 16 == 0x1f8b)
        {
            return "a gzip stream";
        }

        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, found);
        if (found >> 16 != 0)
        {
            return bytes.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7e) < 0
                ? $"text ('{(char)bytes[0]}{(char)bytes[1]}{(char)bytes[2]}{(char)bytes[3]}...')"
                : "binary data that is neither IDX (two zero bytes first) nor gzip (1f 8b first)";
        }

        string? element = bytes[2] switch
        {
            0x08 => "unsigned bytes",
            0x09 => "signed bytes",
            0x0B => "16-bit integers",
            0x0C => "32-bit integers",
            0x0D => "32-bit floats",
            0x0E => "64-bit floats",
            _ => null,
        };
        return element is null
            ? $"IDX (two zero bytes first), but with type 0x{bytes[2]:X2}, which IDX does not define"
            : $"IDX of {element} with {bytes[3]} dimensions";
    }

    // GZipStream checks each member's CRC-32 but ends quietly when a file is cut inside or just before the 8-byte
    // trailer of its last member, and skips bytes after it. The last member's trailer (CRC-32 and length of that
    // member's content, which ends the whole content) is checked here, so a cut or padded file is an error and a valid
    // multi-member file (cat a.gz b.gz) is not.
    private static void RequireTrailer<TValue, TValues>(PeekStream compressed, string path, Content<TValue> read)
        where TValue : unmanaged
        where TValues : IIdxValues<TValue>
    {
        ReadOnlySpan<byte> trailer = compressed.Tail;
        long content = read.Header.Length + read.Data.Length;
        long offset = Math.Max(0, compressed.Count - TrailerLength);
        if (trailer.Length == TrailerLength)
        {
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
            if (length <= content && crc == (length == content ? read.Crc : LastCrc<TValue, TValues>(read.Header, read.Data, (int)length)))
            {
                return;
            }
        }

        throw GzipContent.BadTrailer(path, content, offset);
    }

    // The CRC-32 of the last `length` bytes of header + data, the data's bytes recovered from their values.
    private static uint LastCrc<TValue, TValues>(byte[] header, TValue[] data, int length)
        where TValue : unmanaged
        where TValues : IIdxValues<TValue>
    {
        int first = data.Length - Math.Min(length, data.Length);
        uint crc = length > data.Length ? Crc32.Append(0, header.AsSpan(header.Length - (length - data.Length))) : 0;
        Span<byte> bytes = stackalloc byte[256];
        for (int i = first; i < data.Length; i += bytes.Length)
        {
            int n = Math.Min(bytes.Length, data.Length - i);
            for (int k = 0; k < n; k++)
            {
                bytes[k] = TValues.ToByte(data[i + k]);
            }

            crc = Crc32.Append(crc, bytes[..n]);
        }

        return crc;
    }

    private static Content<TValue> ReadContent<TValue, TValues>(
        Stream stream, string path, uint magic, int dimensionCount, LoadLimits limits, string where, long? available, bool checksum)
        where TValue : unmanaged
        where TValues : IIdxValues<TValue>
    {
        (int[] dimensions, byte[] header, int total) = ReadHeader(stream, path, magic, dimensionCount, limits, where);
        uint crc = checksum ? Crc32.Append(0, header) : 0;
        (TValue[] data, int read) = ReadData<TValue, TValues>(stream, total, available - header.Length, checksum, ref crc);
        if (read < total)
        {
            throw DataEndsEarly(path, dimensions, header.Length, total, read, where);
        }

        if (stream.ReadByte() >= 0)
        {
            throw DataGoesOn(path, dimensions, header.Length, total, where);
        }

        return new Content<TValue>(dimensions, header, data, crc);
    }

    // The header, its dimensions and the number of data bytes they declare, all checked. Not generic, so that it is
    // compiled once whatever the element type; the messages are built in methods of their own, so that a process that
    // loads valid files compiles none of them.
    private static (int[] Dimensions, byte[] Header, int Total) ReadHeader(
        Stream stream, string path, uint magic, int dimensionCount, LoadLimits limits, string where)
    {
        int headerLength = 4 * (1 + dimensionCount);
        var header = new byte[headerLength];
        int got = stream.ReadAtLeast(header, headerLength, throwOnEndOfStream: false);
        if (got < 4)
        {
            throw ShortMagic(path, magic, headerLength, got);
        }

        uint found = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (found != magic)
        {
            throw WrongMagic(path, magic, found, dimensionCount, where);
        }

        if (got < headerLength)
        {
            throw ShortHeader(path, dimensionCount, headerLength, got);
        }

        var dimensions = new int[dimensionCount];
        long total = 1;
        for (int d = 0; d < dimensionCount; d++)
        {
            int offset = 4 * (d + 1);
            uint size = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(offset));
            if (size == 0 || size > int.MaxValue)
            {
                throw BadDimension(path, d, size, offset);
            }

            dimensions[d] = (int)size;
            total *= size;
            if (total > Array.MaxLength)
            {
                throw TooManyValues(path, d, offset);
            }
        }

        // Checked before any data is read: a small gzip file may declare gigabytes of blank images.
        if (headerLength + total > limits.MaxBytes)
        {
            throw DeclaredTooLarge(path, limits, dimensions, headerLength + total);
        }

        return (dimensions, header, (int)total);
    }

    private static DataFormatException ShortMagic(string path, uint magic, int headerLength, int got) =>
        new(path, 0, 0, $"expected a {headerLength}-byte IDX header starting with magic 0x{magic:X8}, got {got} bytes");

    private static DataFormatException WrongMagic(string path, uint magic, uint found, int dimensionCount, string where) =>
        new(path, 0, 0, $"expected magic 0x{magic:X8}, got 0x{found:X8} at byte offset 0: {(where.Length == 0 ? "the file" : "the decompressed content")} starts like {Describe(found)}, where IDX of unsigned bytes with {dimensionCount} dimensions is expected");

    private static DataFormatException ShortHeader(string path, int dimensionCount, int headerLength, int got) =>
        new(path, 0, 0, $"expected a {headerLength}-byte header ({dimensionCount} dimensions), got {got} bytes");

    private static DataFormatException BadDimension(string path, int d, uint size, int offset) =>
        new(path, 0, 0, $"expected dimension {d} in [1, {int.MaxValue}], got {size} at byte offset {offset}");

    private static DataFormatException TooManyValues(string path, int d, int offset) =>
        new(path, 0, 0, $"expected dimensions of at most {Array.MaxLength} values in all, got more by dimension {d} at byte offset {offset}");

    private static DataFormatException DeclaredTooLarge(string path, LoadLimits limits, int[] dimensions, long bytes) =>
        limits.TooLarge(path, $"got a header declaring dimensions [{string.Join(" x ", dimensions)}], {bytes} bytes");

    private static DataFormatException DataEndsEarly(string path, int[] dimensions, int headerLength, int total, int read, string where) =>
        new(path, 0, 0, $"expected {total} data bytes for dimensions [{string.Join(" x ", dimensions)}], got {read}: the data ends at byte offset {headerLength + read}{where}");

    private static DataFormatException DataGoesOn(string path, int[] dimensions, int headerLength, int total, string where) =>
        new(path, 0, 0, $"expected the data to end at byte offset {headerLength + (long)total} (dimensions [{string.Join(" x ", dimensions)}]), got more bytes{where}");

    // Up to `total` values and how many were read; fewer when the stream ends first. The array has the declared size
    // at once when the input can hold it (`available` bytes of content at most), else it grows as data arrive.
    private static (TValue[] Data, int Read) ReadData<TValue, TValues>(Stream stream, int total, long? available, bool checksum, ref uint crc)
        where TValue : unmanaged
        where TValues : IIdxValues<TValue>
    {
        TValue[] data = LargeArrays.AllocateUninitialized<TValue>(total <= available ? total : Math.Min(total, FirstCapacity));
        byte[] chunk = new byte[Math.Min(total, ChunkLength)];
        int read = 0;
        while (read < total)
        {
            Span<byte> wanted = chunk.AsSpan(0, Math.Min(chunk.Length, total - read));
            int n = stream.ReadAtLeast(wanted, wanted.Length, throwOnEndOfStream: false);
            if (n == 0)
            {
                break;
            }

            ReadOnlySpan<byte> bytes = chunk.AsSpan(0, n);
            crc = checksum ? Crc32.Append(crc, bytes) : crc;
            if (read + n > data.Length)
            {
                TValue[] larger = LargeArrays.AllocateUninitialized<TValue>((int)Math.Min(total, Math.Max(2L * data.Length, read + n)));
                data.AsSpan(0, read).CopyTo(larger);
                data = larger;
            }

            TValues.Convert(bytes, data.AsSpan(read, n));
            read += n;
        }

        return (data, read);
    }

    /// <summary>A file's content as read: dimensions, header bytes, converted data, and the CRC-32 of header and data.</summary>
    private sealed record Content<TValue>(int[] Dimensions, byte[] Header, TValue[] Data, uint Crc);
}
