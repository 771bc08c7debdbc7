using System.Text;
using VectorNN.Data;
using Xunit;

namespace VectorNN.Tests.Data;

/// <summary>A data file is sniffed and parsed from one pass over one stream, so pipes and FIFOs lose nothing.</summary>
public sealed class OneStreamTests
{
    private static readonly byte[] Pixels = [0, 1, 127, 128, 254, 255, 3, 200, 17, 99, 42, 7];

    [Fact]
    public void PeekStream_ReturnsTheStartItLookedAt_ThenTheRest()
    {
        byte[] bytes = [.. Enumerable.Range(0, 50).Select(i => (byte)i)];
        using var peek = new PeekStream(new NonSeekableStream(bytes), 4);
        using var copy = new MemoryStream();
        peek.CopyTo(copy);

        Assert.Equal(bytes[..4], peek.Start.ToArray());
        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal([1, 2], new PeekStream(new NonSeekableStream([1, 2]), 4).Start.ToArray());
    }

    [Fact]
    public void CsvWithoutHeader_FromANonSeekableStream_KeepsItsFirstSampleIntact()
    {
        byte[] text = Encoding.UTF8.GetBytes("5.1,3.5,a\n6.2,2.9,b\n");
        using var input = new PeekStream(new NonSeekableStream(text), 4);
        Assert.False(IdxLoader.IsIdx(input.Start));

        Dataset<double> data = CsvLoader.Load<double>(input, "pipe");
        Assert.Equal([5.1, 3.5, 6.2, 2.9], data.Inputs.ToArray());

        using var features = new PeekStream(new NonSeekableStream(Encoding.UTF8.GetBytes("5.1,3.5\n")), 4);
        Assert.Equal([5.1, 3.5], CsvLoader.LoadFeatures<double>(features, "pipe", 2));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Idx_FromNonSeekableStreams_LoadsAsFromFiles_GzipTrailerIncluded(bool gzip)
    {
        byte[] images = Encode(IdxFiles.Images(3, 2, 2, Pixels), gzip);
        byte[] labels = Encode(IdxFiles.Labels([2, 0, 1]), gzip);
        using var input = new PeekStream(new NonSeekableStream(images), 4);
        Assert.True(IdxLoader.IsIdx(input.Start));

        Dataset<float> data = IdxLoader.Load<float>(input, "images", new NonSeekableStream(labels), "labels");
        Assert.Equal(Pixels.Select(p => p / 255f).ToArray(), data.Inputs.ToArray());
        Assert.Equal([0f, 0, 1, 1, 0, 0, 0, 1, 0], data.Targets.ToArray());
        Assert.Equal(Pixels.Length, IdxLoader.LoadImages<float>(new NonSeekableStream(images), "images", out int width).Length);
        Assert.Equal(4, width);
    }

    [Fact]
    public void MultiMemberGzip_LoadsAsOneContent()
    {
        // cat a.gz b.gz: one content split at any byte, header included.
        byte[] images = IdxFiles.Images(3, 2, 2, Pixels);
        using var folder = new TempFolder();
        string labels = folder.Write("l-labels-idx1-ubyte", IdxFiles.Labels([2, 0, 1]));
        foreach (int split in new[] { 0, 5, 16, 20, images.Length })
        {
            string path = folder.Write("m-images-idx3-ubyte.gz", [.. IdxFiles.Gzip(images[..split]), .. IdxFiles.Gzip(images[split..])]);
            Dataset<float> data = IdxLoader.Load<float>(path, labels);
            Assert.Equal(Pixels.Select(p => p / 255f).ToArray(), data.Inputs.ToArray());
        }
    }

    [Fact]
    public void GzipWithBytesAfterItsLastMember_IsRefused()
    {
        using var folder = new TempFolder();
        string labels = folder.Write("p-labels-idx1-ubyte", IdxFiles.Labels([2, 0, 1]));
        string path = folder.Write("p-images-idx3-ubyte.gz", [.. IdxFiles.Gzip(IdxFiles.Images(3, 2, 2, Pixels)), 1, 2, 3]);

        var e = Assert.Throws<DataFormatException>(() => IdxLoader.Load<float>(path, labels));
        Assert.Contains("expected a gzip trailer", e.Message);
    }

    private static byte[] Encode(byte[] bytes, bool gzip) => gzip ? IdxFiles.Gzip(bytes) : bytes;
}
