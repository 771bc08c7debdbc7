using VectorNN.Data;
using Xunit;

namespace VectorNN.Tests.Data;

public sealed class IdxLoaderTests
{
    private static readonly byte[] Pixels = [0, 1, 127, 128, 254, 255, 3, 200, 17, 99, 42, 7];
    private static readonly byte[] LabelBytes = [2, 0, 1];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RawAndGzipFiles_RoundTrip_PixelsOver255_AndOneHotLabels(bool gzip)
    {
        using var folder = new TempFolder();
        string suffix = gzip ? ".gz" : string.Empty;
        string images = folder.Write("train-images-idx3-ubyte" + suffix, Encode(IdxFiles.Images(3, 2, 2, Pixels), gzip));
        folder.Write("train-labels-idx1-ubyte" + suffix, Encode(IdxFiles.Labels(LabelBytes), gzip));

        Dataset<float> f = IdxLoader.Load<float>(images);
        Dataset<double> d = IdxLoader.Load<double>(images, classCount: 5);

        Assert.Equal(3, f.Count);
        Assert.Equal(4, f.InputWidth);
        Assert.Equal(Pixels.Select(p => p / 255f).ToArray(), f.Inputs.ToArray());
        Assert.Equal(Pixels.Select(p => p / 255.0).ToArray(), d.Inputs.ToArray());
        Assert.Equal(["0", "1", "2"], f.ClassNames);
        Assert.Equal([0f, 0, 1, 1, 0, 0, 0, 1, 0], f.Targets.ToArray());
        Assert.Equal(["0", "1", "2", "3", "4"], d.ClassNames);
        Assert.True(IdxLoader.IsIdx(images));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LoadImages_ReadsTheImagesAlone_ScaledAsLoadScalesThem(bool gzip)
    {
        using var folder = new TempFolder();
        string images = folder.Write("pictures.idx3" + (gzip ? ".gz" : string.Empty), Encode(IdxFiles.Images(3, 2, 2, Pixels), gzip));

        float[] loaded = IdxLoader.LoadImages<float>(images, out int width);

        Assert.Equal(4, width);
        Assert.Equal(Pixels.Select(p => p / 255f).ToArray(), loaded);
        string labels = folder.Write("labels.idx1", IdxFiles.Labels(LabelBytes));
        var e = Assert.Throws<DataFormatException>(() => IdxLoader.LoadImages<float>(labels, out _));
        Assert.Contains("expected magic 0x00000803", e.Message);
    }

    [Fact]
    public void LabelsPathFor_FollowsTheMnistNames_AndPrefersTheVariantThatExists()
    {
        using var folder = new TempFolder();
        string dir = folder.Path;
        Assert.Equal(Path.Combine(dir, "t10k-labels-idx1-ubyte"), IdxLoader.LabelsPathFor(Path.Combine(dir, "t10k-images-idx3-ubyte")));
        Assert.Equal(Path.Combine(dir, "train-labels-idx1-ubyte.gz"), IdxLoader.LabelsPathFor(Path.Combine(dir, "train-images-idx3-ubyte.gz")));
        Assert.Equal(Path.Combine(dir, "labels.idx1"), IdxLoader.LabelsPathFor(Path.Combine(dir, "images.idx3")));

        folder.Write("a-labels-idx1-ubyte.gz", [1]);
        Assert.Equal(Path.Combine(dir, "a-labels-idx1-ubyte.gz"), IdxLoader.LabelsPathFor(Path.Combine(dir, "a-images-idx3-ubyte")));
        folder.Write("b-labels-idx1-ubyte", [1]);
        Assert.Equal(Path.Combine(dir, "b-labels-idx1-ubyte"), IdxLoader.LabelsPathFor(Path.Combine(dir, "b-images-idx3-ubyte.gz")));

        var e = Assert.Throws<DataFormatException>(() => IdxLoader.LabelsPathFor(Path.Combine(dir, "pictures.bin")));
        Assert.Contains("expected an images file name containing 'images' and 'idx3'", e.Message);
        Assert.Contains("got 'pictures.bin'", e.Message);
    }

    [Fact]
    public void IsIdx_TellsIdxAndGzipFromCsv()
    {
        using var folder = new TempFolder();
        Assert.True(IdxLoader.IsIdx(folder.Write("a", IdxFiles.Labels([1]))));
        Assert.True(IdxLoader.IsIdx(folder.Write("b", [0x1f, 0x8b])));
        Assert.False(IdxLoader.IsIdx(folder.Write("c.csv", "a,b\n1,2\n")));
        Assert.False(IdxLoader.IsIdx(folder.Write("f", [])));
        Assert.False(IdxLoader.IsIdx(folder.Write("g", [0])));

        // Two zero bytes start every IDX magic and no text: the IDX loader then says what the file is.
        Assert.True(IdxLoader.IsIdx(folder.Write("d", [0, 0, 8])));
        Assert.True(IdxLoader.IsIdx(folder.Write("e", [0, 0, 0x0C, 3])));
        Assert.True(IdxLoader.IsIdx([0, 0]));
        Assert.False(IdxLoader.IsIdx("1,2"u8));
    }

    public static TheoryData<string, byte[], byte[], string> Errors => new()
    {
        { "images", IdxFiles.Build(0x00000801, [3, 2, 2], Pixels), IdxFiles.Labels(LabelBytes), "expected magic 0x00000803, got 0x00000801 at byte offset 0" },
        { "labels", IdxFiles.Images(3, 2, 2, Pixels), IdxFiles.Build(0x00000803, [3], LabelBytes), "expected magic 0x00000801, got 0x00000803 at byte offset 0" },
        { "images", [0, 0], IdxFiles.Labels(LabelBytes), "expected a 16-byte IDX header starting with magic 0x00000803, got 2 bytes" },
        { "images", IdxFiles.Images(3, 2, 2, Pixels)[..10], IdxFiles.Labels(LabelBytes), "expected a 16-byte header (3 dimensions), got 10 bytes" },
        { "images", IdxFiles.Images(3, 2, 2, Pixels[..11]), IdxFiles.Labels(LabelBytes), "expected 12 data bytes for dimensions [3 x 2 x 2], got 11: the data ends at byte offset 27" },
        { "images", IdxFiles.Images(3, 2, 2, [.. Pixels, 0]), IdxFiles.Labels(LabelBytes), "expected the data to end at byte offset 28 (dimensions [3 x 2 x 2]), got more bytes" },
        { "images", IdxFiles.Images(0, 2, 2, []), IdxFiles.Labels(LabelBytes), "expected dimension 0 in [1, 2147483647], got 0 at byte offset 4" },
        { "images", IdxFiles.Images(65536, 65536, 2, []), IdxFiles.Labels(LabelBytes), "expected dimensions of at most" },
        { "labels", IdxFiles.Images(3, 2, 2, Pixels), IdxFiles.Labels([2, 0]), "expected 3 labels (one per image in" },
        { "labels", IdxFiles.Images(3, 2, 2, Pixels), IdxFiles.Labels([2, 0, 7]), "expected a label in [0, 4], got 7 at byte offset 10" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void BadFiles_NameTheFile_AndExpectedAgainstFound(string bad, byte[] images, byte[] labels, string message)
    {
        foreach (bool gzip in new[] { false, true })
        {
            using var folder = new TempFolder();
            string imagesPath = folder.Write("x-images-idx3-ubyte", Encode(images, gzip));
            string labelsPath = folder.Write("x-labels-idx1-ubyte", Encode(labels, gzip));

            var e = Assert.Throws<DataFormatException>(() => IdxLoader.Load<float>(imagesPath, labelsPath, classCount: 5));
            Assert.Equal(bad == "images" ? imagesPath : labelsPath, e.Path);
            Assert.Equal(0, e.Line);
            Assert.Equal(0, e.Column);
            Assert.StartsWith($"{e.Path}: {message}", e.Message);
        }
    }

    [Fact]
    public void LabelsBeyondTheLargest_DefineTheClassCount_WhenNoneIsGiven()
    {
        using var folder = new TempFolder();
        string images = folder.Write("images.idx3", IdxFiles.Images(3, 2, 2, Pixels));
        folder.Write("labels.idx1", IdxFiles.Labels([9, 0, 1]));

        Dataset<float> d = IdxLoader.Load<float>(images);
        Assert.Equal(10, d.TargetWidth);
        Assert.Throws<ArgumentOutOfRangeException>(() => IdxLoader.Load<float>(images, classCount: 0));
    }

    [Fact]
    public void TruncatedOrDamagedGzip_IsAFormatError()
    {
        using var folder = new TempFolder();
        byte[] gzip = IdxFiles.Gzip(IdxFiles.Images(3, 2, 2, Pixels));
        string labels = folder.Write("x-labels-idx1-ubyte", IdxFiles.Labels(LabelBytes));
        for (int length = 2; length < gzip.Length; length++)
        {
            string images = folder.Write("x-images-idx3-ubyte.gz", gzip[..length]);
            var e = Assert.Throws<DataFormatException>(() => IdxLoader.Load<float>(images, labels));
            Assert.Equal(images, e.Path);
        }

        byte[] damaged = [.. gzip];
        damaged[12] ^= 0xff;
        string path = folder.Write("y-images-idx3-ubyte.gz", damaged);
        Assert.Throws<DataFormatException>(() => IdxLoader.Load<float>(path, labels));
    }

    [Fact]
    public void MissingFiles_AreFileNotFound()
    {
        using var folder = new TempFolder();
        string images = folder.Write("z-images-idx3-ubyte", IdxFiles.Images(3, 2, 2, Pixels));
        Assert.Throws<FileNotFoundException>(() => IdxLoader.Load<float>(images));
    }

    private static byte[] Encode(byte[] bytes, bool gzip) => gzip ? IdxFiles.Gzip(bytes) : bytes;
}
