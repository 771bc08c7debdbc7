using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using VectorNN.Data;
using Xunit;

namespace VectorNN.Tests.Data;

/// <summary>
/// The loader against a plain reference reader (decompress everything, read the header, divide each byte by 255 in T)
/// on files large enough to cross the loader's read chunks: every value must be bit-identical.
/// </summary>
public sealed class IdxReferenceTests
{
    // 700 images of 28 x 28: 548,800 pixels, several read chunks, every byte value many times.
    private const int Count = 700;
    private const int Side = 28;

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void LargeFiles_LoadBitIdentically_ToTheReference_FromFilesAndPipes(bool gzip, bool pipe)
    {
        (byte[] images, byte[] labels) = Files();
        byte[] imageFile = gzip ? IdxFiles.Gzip(images) : images;
        byte[] labelFile = gzip ? IdxFiles.Gzip(labels) : labels;

        Check<float>(imageFile, labelFile, images, labels, pipe);
        Check<double>(imageFile, labelFile, images, labels, pipe);
    }

    // The trailer check of a multi-member file covers only the last member: split anywhere, in the header or the data.
    [Fact]
    public void MultiMemberGzip_SplitAnywhere_LoadsBitIdentically_AndADamagedLastTrailerIsRefused()
    {
        (byte[] images, byte[] labels) = Files();
        foreach (int split in new[] { 1, 15, 16, 17, 1000, 300_000, images.Length - 5 })
        {
            byte[] file = [.. IdxFiles.Gzip(images[..split]), .. IdxFiles.Gzip(images[split..])];
            Check<float>(file, labels, images, labels, pipe: false);
            Check<double>(file, labels, images, labels, pipe: true);

            // The CRC-32 of the last member is the trailer's first four bytes.
            file[^8] ^= 0x01;
            var e = Assert.Throws<DataFormatException>(() =>
                IdxLoader.Load<float>(new MemoryStream(file), "m-images", new MemoryStream(labels), "m-labels"));
            Assert.True(e.Message.Contains("gzip", StringComparison.Ordinal), $"split {split}: {e.Message}");
        }
    }

    private static (byte[] Images, byte[] Labels) Files()
    {
        var random = new Random(5);
        var pixels = new byte[Count * Side * Side];
        random.NextBytes(pixels);
        byte[] labelBytes = Enumerable.Range(0, Count).Select(i => (byte)(i % 10)).ToArray();
        return (IdxFiles.Images(Count, Side, Side, pixels), IdxFiles.Labels(labelBytes));
    }

    private static void Check<T>(byte[] imageFile, byte[] labelFile, byte[] images, byte[] labels, bool pipe)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Stream Open(byte[] bytes) => pipe ? new NonSeekableStream(bytes, 4096) : new MemoryStream(bytes);
        Dataset<T> loaded = IdxLoader.Load<T>(Open(imageFile), "images", Open(labelFile), "labels");

        T[] expected = Reference<T>(Decompressed(imageFile), out int width);
        Assert.Equal(width, loaded.InputWidth);
        ReadOnlySpan<T> got = loaded.Inputs;
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (!expected[i].Equals(got[i]))
            {
                Assert.Fail($"{typeof(T).Name} value {i}: expected {expected[i]}, got {got[i]}");
            }
        }

        byte[] labelBytes = Decompressed(labelFile)[8..];
        for (int i = 0; i < labelBytes.Length; i++)
        {
            Assert.Equal(T.One, loaded.Target(i)[labelBytes[i]]);
        }

        T[] alone = IdxLoader.LoadImages<T>(Open(imageFile), "images", out _);
        Assert.True(alone.AsSpan().SequenceEqual(expected), "LoadImages differs from the reference");
        Assert.Equal(images.Length, 16 + expected.Length);
        Assert.Equal(labels.Length, 8 + labelBytes.Length);
    }

    private static byte[] Decompressed(byte[] file)
    {
        if (file[0] != 0x1f)
        {
            return file;
        }

        using var output = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(file), CompressionMode.Decompress))
        {
            gzip.CopyTo(output);
        }

        return output.ToArray();
    }

    private static T[] Reference<T>(byte[] content, out int width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int count = BinaryPrimitives.ReadInt32BigEndian(content.AsSpan(4));
        width = BinaryPrimitives.ReadInt32BigEndian(content.AsSpan(8)) * BinaryPrimitives.ReadInt32BigEndian(content.AsSpan(12));
        var values = new T[count * width];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = T.CreateTruncating(content[16 + i]) / T.CreateTruncating(255);
        }

        return values;
    }
}
