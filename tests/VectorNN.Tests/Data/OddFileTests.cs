using VectorNN.Data;
using Xunit;

namespace VectorNN.Tests.Data;

/// <summary>Files of the wrong kind get one line saying what they look like, not a parse error of another format.</summary>
public sealed class OddFileTests
{
    [Theory]
    [InlineData(0x00000C03u, "IDX of 32-bit integers with 3 dimensions")]
    [InlineData(0x00000801u, "IDX of unsigned bytes with 1 dimensions")]
    [InlineData(0x00000503u, "IDX (two zero bytes first), but with type 0x05, which IDX does not define")]
    [InlineData(0x00000000u, "IDX (two zero bytes first), but with type 0x00, which IDX does not define")]
    [InlineData(0x312C322Cu, "text ('1,2,...')")]
    [InlineData(0x89504E47u, "binary data that is neither IDX (two zero bytes first) nor gzip (1f 8b first)")]
    public void WrongMagic_SaysWhatTheFileLooksLike(uint magic, string description)
    {
        using var folder = new TempFolder();
        foreach (bool gzip in new[] { false, true })
        {
            byte[] content = IdxFiles.Build(magic, [1, 2, 2], new byte[4]);
            string path = folder.Write("w-images-idx3-ubyte", gzip ? IdxFiles.Gzip(content) : content);

            var e = Assert.Throws<DataFormatException>(() => IdxLoader.LoadImages<float>(path, out _));
            string where = gzip ? "the decompressed content" : "the file";
            Assert.Equal($"{path}: expected magic 0x00000803, got 0x{magic:X8} at byte offset 0: {where} starts like {description}, where IDX of unsigned bytes with 3 dimensions is expected", e.Message);
        }
    }

    [Theory]
    [InlineData("1,2,a\n\0\0\0\0", 2, "U+0000 at character 1")]
    [InlineData("1,2,a\n1,2\u0001,b\n", 2, "U+0001 at character 4")]
    [InlineData("\u001F\u008B\b\0", 1, "U+001F at character 1")]
    public void BinaryBytesInCsv_AreOneErrorSayingTheFileLooksBinary(string text, int line, string where)
    {
        var e = Assert.Throws<DataFormatException>(() => CsvLoader.Load<float>(new StringReader(text), "t.csv"));
        Assert.Equal(line, e.Line);
        Assert.Contains($"expected text, got the control character {where} of the line: the file looks binary", e.Message);
    }

    [Fact]
    public void ControlCharacterChosenAsSeparator_IsData()
    {
        Dataset<float> d = CsvLoader.Load<float>(new StringReader("1\u00012\u0001a\n3\u00014\u0001b\n"), "t.csv", new CsvOptions { Separator = '\u0001' });
        Assert.Equal([1f, 2, 3, 4], d.Inputs.ToArray());
    }

    [Theory]
    [InlineData("1,2,a\r\n3,4,b\r\n")]
    [InlineData("1,2,a\r3,4,b\r")]
    [InlineData("1,2,a\n\r\n3,4,b")]
    public void LineBreaks_AreThoseOfReadLine(string text)
    {
        Assert.Equal(2, CsvLoader.Load<float>(new StringReader(text), "t.csv").Count);

        // Every variant holds three lines before the bad one (a blank line included).
        var e = Assert.Throws<DataFormatException>(() => CsvLoader.Load<float>(new StringReader(text + "\r\n5,x,c\n"), "t.csv"));
        Assert.Equal(4, e.Line);
    }
}
