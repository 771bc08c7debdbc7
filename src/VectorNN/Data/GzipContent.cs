using System.Buffers.Binary;
using System.IO.Compression;

namespace VectorNN.Data;

/// <summary>
/// Gzip as the loaders read it: recognised by its magic bytes, decompressed from a stream that need not seek, and a
/// damaged or cut file is a <see cref="DataFormatException"/> rather than quietly shorter data.
/// </summary>
internal static class GzipContent
{
    /// <summary>The gzip trailer: CRC-32 and length of the last member's content.</summary>
    public const int TrailerLength = 8;

    public static bool IsGzip(ReadOnlySpan<byte> start) => start.Length >= 2 && start[0] == 0x1f && start[1] == 0x8b;

    /// <summary>
    /// The whole decompressed content of <paramref name="compressed"/> (a gzip stream read with a tail of
    /// <see cref="TrailerLength"/>), at most <see cref="LoadLimits.MaxBytes"/> bytes, its last trailer checked.
    /// </summary>
    public static byte[] ReadAll(PeekStream compressed, string path, LoadLimits limits)
    {
        using var content = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
        try
        {
            // One byte beyond the limit tells a content of exactly the limit from a longer one.
            byte[] data = IdxFile.ReadData(content, (int)Math.Min(limits.MaxBytes + 1, Array.MaxLength));
            if (data.Length > limits.MaxBytes)
            {
                throw limits.TooLarge(path, "got more after decompressing");
            }

            RequireTrailer(compressed, path, [], data);
            return data;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw Damaged(path, e);
        }
    }

    /// <summary>The error for a gzip stream the decompressor refused.</summary>
    public static DataFormatException Damaged(string path, Exception e) =>
        new(path, 0, 0, $"expected a complete gzip stream, got a damaged one ({e.Message})", e);

    // GZipStream checks each member's CRC-32 but ends quietly when a file is cut inside or just before the 8-byte
    // trailer of its last member, and skips bytes after it. The last member's trailer (CRC-32 and length of that
    // member's content, which ends the whole content) is checked here, so a cut or padded file is an error and a valid
    // multi-member file (cat a.gz b.gz) is not.
    public static void RequireTrailer(PeekStream compressed, string path, byte[] header, byte[] data)
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
}
