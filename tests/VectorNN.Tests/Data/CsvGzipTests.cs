using System.IO.Compression;
using System.Text;
using VectorNN.Data;
using Xunit;

namespace VectorNN.Tests.Data;

public sealed class CsvGzipTests : IDisposable
{
    private const string Text = "a,b,class\n1,2,x\n3,4,y\n5,6,x\n";

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void AGzipCsv_LoadsAsItsText_FromAFileAndFromAStream()
    {
        string plain = temp.Write("t.csv", Text);
        string packed = temp.Write("t.csv.gz", IdxFiles.Gzip(Encoding.UTF8.GetBytes(Text)));

        Dataset<double> expected = CsvLoader.Load<double>(plain);
        Dataset<double> fromFile = CsvLoader.Load<double>(packed);
        using var stream = new MemoryStream(File.ReadAllBytes(packed));
        float[] features = CsvLoader.LoadFeatures<float>(stream, packed, 2);

        Assert.Equal(expected.Inputs.ToArray(), fromFile.Inputs.ToArray());
        Assert.Equal(expected.ClassNames, fromFile.ClassNames);
        Assert.Equal([1f, 2, 3, 4, 5, 6], features);
    }

    [Fact]
    public void ACutGzipCsv_IsAFormatError_NotFewerRows()
    {
        byte[] packed = IdxFiles.Gzip(Encoding.UTF8.GetBytes(Text));
        string cut = temp.Write("cut.csv.gz", packed[..^4]);

        var e = Assert.Throws<DataFormatException>(() => CsvLoader.Load<double>(cut));

        Assert.Contains("gzip", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AGzipCsv_LargerThanTheLimit_WhenDecompressed_IsRefused()
    {
        using var stream = new MemoryStream(IdxFiles.Gzip(Encoding.UTF8.GetBytes(Text)));

        var e = Assert.Throws<DataFormatException>(() => CsvLoader.Load<double>(stream, "t.csv.gz", new CsvOptions { Limits = new LoadLimits { MaxBytes = 10 } }));

        Assert.Contains("at most 10 bytes", e.Message, StringComparison.Ordinal);
    }
}
