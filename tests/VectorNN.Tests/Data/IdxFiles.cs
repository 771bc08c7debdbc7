using System.Buffers.Binary;
using System.IO.Compression;

namespace VectorNN.Tests.Data;

/// <summary>Builds IDX files in memory, as MNIST writes them: magic, big-endian dimensions, unsigned bytes.</summary>
public static class IdxFiles
{
    /// <summary>An images file: magic 0x00000803, count x rows x columns.</summary>
    public static byte[] Images(int count, int rows, int columns, byte[] pixels) => Build(0x00000803, [count, rows, columns], pixels);

    /// <summary>A labels file: magic 0x00000801, one dimension.</summary>
    public static byte[] Labels(byte[] labels) => Build(0x00000801, [labels.Length], labels);

    /// <summary>An IDX file with any magic and dimensions.</summary>
    public static byte[] Build(uint magic, int[] dimensions, byte[] data)
    {
        var file = new byte[4 + (4 * dimensions.Length) + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(file, magic);
        for (int d = 0; d < dimensions.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(4 * (d + 1)), dimensions[d]);
        }

        data.CopyTo(file, 4 + (4 * dimensions.Length));
        return file;
    }

    /// <summary>The gzip form of <paramref name="bytes"/>.</summary>
    public static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return buffer.ToArray();
    }
}
