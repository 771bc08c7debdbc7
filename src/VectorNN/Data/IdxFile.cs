using System.Buffers.Binary;
using System.IO.Compression;

namespace VectorNN.Data;

/// <summary>Reads one IDX file of unsigned bytes (raw or gzip): its dimensions and its data, checked against each other.</summary>
internal static class IdxFile
{
    // Data is read in growing chunks rather than allocated from the header's sizes, so a corrupt header cannot make a
    // small (compressed) file allocate gigabytes before its length is known to be wrong.
    private const int FirstChunk = 1 << 20;

    private const int TrailerLength = 8;

    /// <summary>Reads the file from <paramref name="stream"/>, which need not seek (a pipe), from its current position.</summary>
    public static (int[] Dimensions, byte[] Data) Read(Stream stream, string path, uint magic, int dimensionCount, LoadLimits limits)
    {
        using var compressed = new PeekStream(stream, 2, leaveOpen: true, TrailerLength);
        if (!IsGzip(compressed.Start))
        {
            (int[] dimensions, _, byte[] data) = ReadContent(compressed, path, magic, dimensionCount, limits, "");
            return (dimensions, data);
        }

        using var content = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
        try
        {
            (int[] dimensions, byte[] header, byte[] data) = ReadContent(content, path, magic, dimensionCount, limits, " of the decompressed content");
            RequireTrailer(compressed, path, header, data);
            return (dimensions, data);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new DataFormatException(path, 0, 0, $"expected a complete gzip stream, got a damaged one ({e.Message})", e);
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
    private static void RequireTrailer(PeekStream compressed, string path, byte[] header, byte[] data)
    {
        ReadOnlySpan<byte> trailer = compressed.Tail;
        long content = header.Length + data.Length;
        long offset = Math.Max(0, compressed.Count - TrailerLength);
        if (trailer.Length == TrailerLength)
        {
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
            if (length <= content && crc == LastCrc(header, data, (int)length))
            {
                return;
            }
        }

        throw new DataFormatException(
            path, 0, 0,
            $"expected a gzip trailer with the CRC-32 and length (at most {content}) of the last member's content at byte offset {offset} (the end of the file), got a truncated or damaged file");
    }

    // The CRC-32 of the last `length` bytes of header + data.
    private static uint LastCrc(byte[] header, byte[] data, int length)
    {
        if (length <= data.Length)
        {
            return Crc32.Append(0, data.AsSpan(data.Length - length));
        }

        return Crc32.Append(Crc32.Append(0, header.AsSpan(header.Length - (length - data.Length))), data);
    }

    private static (int[] Dimensions, byte[] Header, byte[] Data) ReadContent(
        Stream stream, string path, uint magic, int dimensionCount, LoadLimits limits, string where)
    {
        int headerLength = 4 * (1 + dimensionCount);
        var header = new byte[headerLength];
        int got = stream.ReadAtLeast(header, headerLength, throwOnEndOfStream: false);
        if (got < 4)
        {
            throw new DataFormatException(path, 0, 0, $"expected a {headerLength}-byte IDX header starting with magic 0x{magic:X8}, got {got} bytes");
        }

        uint found = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (found != magic)
        {
            throw new DataFormatException(
                path, 0, 0, $"expected magic 0x{magic:X8}, got 0x{found:X8} at byte offset 0: {(where.Length == 0 ? "the file" : "the decompressed content")} starts like {Describe(found)}, where IDX of unsigned bytes with {dimensionCount} dimensions is expected");
        }

        if (got < headerLength)
        {
            throw new DataFormatException(path, 0, 0, $"expected a {headerLength}-byte header ({dimensionCount} dimensions), got {got} bytes");
        }

        var dimensions = new int[dimensionCount];
        long total = 1;
        for (int d = 0; d < dimensionCount; d++)
        {
            int offset = 4 * (d + 1);
            uint size = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(offset));
            if (size == 0 || size > int.MaxValue)
            {
                throw new DataFormatException(path, 0, 0, $"expected dimension {d} in [1, {int.MaxValue}], got {size} at byte offset {offset}");
            }

            dimensions[d] = (int)size;
            total *= size;
            if (total > Array.MaxLength)
            {
                throw new DataFormatException(path, 0, 0, $"expected dimensions of at most {Array.MaxLength} values in all, got more by dimension {d} at byte offset {offset}");
            }
        }

        // Checked before any data is read: a small gzip file may declare gigabytes of blank images.
        if (headerLength + total > limits.MaxBytes)
        {
            throw limits.TooLarge(path, $"got a header declaring dimensions [{string.Join(" x ", dimensions)}], {headerLength + total} bytes");
        }

        byte[] data = ReadData(stream, (int)total);
        if (data.Length < total)
        {
            throw new DataFormatException(
                path, 0, 0,
                $"expected {total} data bytes for dimensions [{string.Join(" x ", dimensions)}], got {data.Length}: the data ends at byte offset {headerLength + data.Length}{where}");
        }

        if (stream.ReadByte() >= 0)
        {
            throw new DataFormatException(
                path, 0, 0,
                $"expected the data to end at byte offset {headerLength + total} (dimensions [{string.Join(" x ", dimensions)}]), got more bytes{where}");
        }

        return (dimensions, header, data);
    }

    // Up to `total` bytes; fewer when the stream ends first.
    private static byte[] ReadData(Stream stream, int total)
    {
        var data = new byte[Math.Min(total, FirstChunk)];
        int read = 0;
        while (read < total)
        {
            if (read == data.Length)
            {
                Array.Resize(ref data, (int)Math.Min(total, 2L * data.Length));
            }

            int n = stream.Read(data, read, data.Length - read);
            if (n == 0)
            {
                Array.Resize(ref data, read);
                break;
            }

            read += n;
        }

        return data;
    }
}
