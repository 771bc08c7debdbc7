using VectorNN.Data;
using Xunit;

namespace VectorNN.Tests.Data;

/// <summary>Small or endless inputs cannot exhaust memory: loads stop at limits that the error names.</summary>
public sealed class LoadLimitsTests
{
    [Fact]
    public void CsvLineBeyondTheLimit_IsOneErrorNamingTheLimit()
    {
        var options = new CsvOptions { Limits = new LoadLimits { MaxLineLength = 16 } };
        Assert.Equal(2, CsvLoader.Load<float>(new StringReader("1234567,12345,a\n1,2,b\n"), "t.csv", options).Count);

        var e = Assert.Throws<DataFormatException>(() => CsvLoader.Load<float>(new StringReader("1,2,a\n12345678,123456,b\n"), "t.csv", options));
        Assert.Equal(2, e.Line);
        Assert.Contains("expected lines of at most 16 characters", e.Message);
        Assert.Contains("LoadLimits.MaxLineLength", e.Message);
        Assert.Contains("--max-line-length", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void CsvWithoutLineBreaks_StopsAtTheLineLimit_NotAtTheEndOfTheText()
    {
        // An endless text (/dev/zero's digits): the reader must stop after the limit, not read to the end.
        var endless = new EndlessReader('7');
        var options = new CsvOptions { Limits = new LoadLimits { MaxLineLength = 1000 } };

        var e = Assert.Throws<DataFormatException>(() => CsvLoader.LoadFeatures<float>(endless, "endless", 3, options));
        Assert.Contains("expected lines of at most 1000 characters", e.Message);
        Assert.True(endless.Count < 1_000_000, $"read {endless.Count} characters");
    }

    [Fact]
    public void CsvTextBeyondTheByteLimit_IsOneErrorNamingTheLimit()
    {
        string text = string.Concat(Enumerable.Repeat("1,2,a\n", 10));
        var options = new CsvOptions { Limits = new LoadLimits { MaxBytes = text.Length } };
        Assert.Equal(10, CsvLoader.Load<float>(new StringReader(text), "t.csv", options).Count);

        var e = Assert.Throws<DataFormatException>(() => CsvLoader.Load<float>(new StringReader(text + "1,2,a\n"), "t.csv", options));
        Assert.Contains($"expected at most {text.Length} bytes of content", e.Message);
        Assert.Contains("LoadLimits.MaxBytes", e.Message);
        Assert.Contains("--max-input-bytes", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void IdxHeaderDeclaringMoreThanTheLimit_IsRefusedBeforeTheDataIsRead(bool gzip)
    {
        // 2.7 million blank 28 x 28 images (2.1 GB) declared by a header followed by one image: refused by the header.
        byte[] bomb = IdxFiles.Build(0x00000803, [2_700_000, 28, 28], new byte[784]);
        using var folder = new TempFolder();
        string path = folder.Write("bomb-images-idx3-ubyte", gzip ? IdxFiles.Gzip(bomb) : bomb);

        var e = Assert.Throws<DataFormatException>(() => IdxLoader.LoadImages<float>(path, out _));
        Assert.StartsWith($"{path}: expected at most {LoadLimits.DefaultMaxBytes} bytes of content, got a header declaring dimensions [2700000 x 28 x 28], 2116800016 bytes", e.Message);
        Assert.Contains("LoadLimits.MaxBytes", e.Message);
    }

    [Fact]
    public void IdxLimit_IsSetThroughTheOption_AndAFileOfExactlyTheLimitLoads()
    {
        byte[] images = IdxFiles.Images(3, 2, 2, new byte[12]);
        using var folder = new TempFolder();
        string path = folder.Write("s-images-idx3-ubyte", images);

        Assert.Equal(12, IdxLoader.LoadImages<float>(path, out _, new LoadLimits { MaxBytes = images.Length }).Length);
        var e = Assert.Throws<DataFormatException>(() => IdxLoader.LoadImages<float>(path, out _, new LoadLimits { MaxBytes = images.Length - 1 }));
        Assert.Contains($"expected at most {images.Length - 1} bytes of content", e.Message);
    }

    [Fact]
    public void Limits_BelowOne_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoadLimits { MaxBytes = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoadLimits { MaxLineLength = 0 });
    }

    /// <summary>An endless text of one character, counting what was read.</summary>
    private sealed class EndlessReader(char c) : TextReader
    {
        public long Count { get; private set; }

        public override int Read(char[] buffer, int index, int count)
        {
            buffer.AsSpan(index, count).Fill(c);
            Count += count;
            return count;
        }

        public override int Peek() => c;

        public override int Read()
        {
            Count++;
            return c;
        }
    }
}
