using System.Buffers.Binary;
using System.IO.Compression;
using VectorNN.Kernels;

namespace VectorNN.Data;

/// <summary>
/// Gzip as the loaders read it: recognised by its magic bytes, decompressed from a stream that need not seek, and a
/// damaged or cut file is a <see cref="DataFormatException"/> rather than quietly shorter data.
/// </summary>
internal static class GzipContent
{
    /// <summary>The gzip trailer: CRC-32 and length of the last member's content.</summary>
    public const int TrailerLength = 8;

    /// <summary>
    /// The whole decompressed content of <paramref name="compressed"/> (a gzip stream read with a tail of
    /// <see cref="TrailerLength"/>), at most <see cref="LoadLimits.MaxBytes"/> bytes, its last trailer checked.
    /// </summary>
    public static byte[] ReadAll(PeekStream compressed, string path, LoadLimits limits)
    {
        using var content = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
        using var text = new MemoryStream();
        try
        {
            var chunk = new byte[1 << 16];
            int n;
            while ((n = content.Read(chunk)) > 0)
            {
                if (text.Length + n > limits.MaxBytes)
                {
                    throw limits.TooLarge(path, "got more after decompressing");
                }

                text.Write(chunk, 0, n);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw Damaged(path, e);
        }

        byte[] data = text.ToArray();
        RequireTrailer(compressed, path, data);
        return data;
    }

    /// <summary>The error for a gzip stream the decompressor refused.</summary>
    public static DataFormatException Damaged(string path, Exception e) =>
        new(path, 0, 0, $"expected a complete gzip stream, got a damaged one ({e.Message})", e);

    // GZipStream checks each member's CRC-32 but ends quietly when a file is cut inside or just before the 8-byte
    // trailer of its last member, and skips bytes after it. The last member's trailer (CRC-32 and length of that
    // member's content, which ends the whole content) is checked here, so a cut or padded file is an error and a valid
    // multi-member file (cat a.gz b.gz) is not. IDX files get the same check as they are read (IdxFile).
    private static void RequireTrailer(PeekStream compressed, string path, byte[] data)
    {
        ReadOnlySpan<byte> trailer = compressed.Tail;
        long offset = Math.Max(0, compressed.Count - TrailerLength);
        if (trailer.Length == TrailerLength)
        {
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
            if (length <= data.Length && crc == Crc32.Append(0, data.AsSpan(data.Length - (int)length)))
            {
                return;
            }
        }

        throw BadTrailer(path, data.Length, offset);
    }

    /// <summary>The error for a last trailer that is missing, cut or does not match a content of <paramref name="content"/> bytes.</summary>
    public static DataFormatException BadTrailer(string path, long content, long offset) =>
        new(path, 0, 0, $"expected a gzip trailer with the CRC-32 and length (at most {content}) of the last member's content at byte offset {offset} (the end of the file), got a truncated or damaged file");
}
