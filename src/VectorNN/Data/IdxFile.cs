using System.Buffers.Binary;
using System.IO.Compression;

namespace VectorNN.Data;

/// <summary>Reads one IDX file of unsigned bytes (raw or gzip): its dimensions and its data, checked against each other.</summary>
internal static class IdxFile
{
    // Data is read in growing chunks rather than allocated from the header's sizes, so a corrupt header cannot make a
    // small (compressed) file allocate gigabytes before its length is known to be wrong.
    private const int FirstChunk = 1 << 20;

    public static (int[] Dimensions, byte[] Data) Read(string path, uint magic, int dimensionCount)
    {
        using FileStream file = File.OpenRead(path);
        Span<byte> start = stackalloc byte[2];
        bool gzip = file.ReadAtLeast(start, 2, throwOnEndOfStream: false) == 2 && IsGzip(start);
        file.Position = 0;
        using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        try
        {
            (int[] dimensions, byte[] header, byte[] data) = ReadContent(stream, path, magic, dimensionCount);
            if (gzip)
            {
                RequireTrailer(file, path, header, data);
            }

            return (dimensions, data);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new DataFormatException(path, 0, 0, $"expected a complete gzip stream, got a damaged one ({e.Message})", e);
        }
    }

    public static bool IsGzip(ReadOnlySpan<byte> start) => start.Length >= 2 && start[0] == 0x1f && start[1] == 0x8b;

    // GZipStream ends quietly when a file is cut inside or just before the 8-byte trailer, and does not compare the
    // trailer's checksum: the trailer (CRC-32 and length of the content) is checked here, for single-member files as
    // MNIST ships them.
    private static void RequireTrailer(FileStream file, string path, byte[] header, byte[] data)
    {
        Span<byte> trailer = stackalloc byte[8];
        file.Seek(-Math.Min(file.Length, trailer.Length), SeekOrigin.End);
        int got = file.ReadAtLeast(trailer, trailer.Length, throwOnEndOfStream: false);
        uint crc = Crc32.Append(Crc32.Append(0, header), data);
        uint length = unchecked((uint)(header.Length + data.Length));
        if (got < trailer.Length
            || BinaryPrimitives.ReadUInt32LittleEndian(trailer) != crc
            || BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]) != length)
        {
            throw new DataFormatException(
                path, 0, 0,
                $"expected a gzip trailer with CRC-32 0x{crc:X8} and length {length} at byte offset {Math.Max(0, file.Length - 8)} (the end of the file), got a truncated or damaged file");
        }
    }

    private static (int[] Dimensions, byte[] Header, byte[] Data) ReadContent(Stream stream, string path, uint magic, int dimensionCount)
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
            throw new DataFormatException(path, 0, 0, $"expected magic 0x{magic:X8}, got 0x{found:X8} at byte offset 0");
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

        byte[] data = ReadData(stream, (int)total);
        if (data.Length < total)
        {
            throw new DataFormatException(
                path, 0, 0,
                $"expected {total} data bytes for dimensions [{string.Join(" x ", dimensions)}], got {data.Length}: the data ends at byte offset {headerLength + data.Length}");
        }

        if (stream.ReadByte() >= 0)
        {
            throw new DataFormatException(
                path, 0, 0,
                $"expected the data to end at byte offset {headerLength + total} (dimensions [{string.Join(" x ", dimensions)}]), got more bytes");
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
