using System.Text;
using FsCheck.Xunit;
using VectorNN.Data;
using VectorNN.Tests.Generators;

namespace VectorNN.Tests.Data;

/// <summary>
/// Whatever bytes a file holds, the loaders either load it or throw <see cref="DataFormatException"/>: no index,
/// argument, overflow or decompression exception may escape to the user.
/// </summary>
public sealed class DataFuzzTests
{
    [Property(Arbitrary = new[] { typeof(DataFileCases) }, MaxTest = 200)]
    public void RandomText_AsCsv_LoadsOrIsAFormatError(string text)
    {
        OnlyFormatErrors(() => CsvLoader.Load<float>(new StringReader(text), "fuzz.csv"));
        OnlyFormatErrors(() => CsvLoader.Load<double>(new StringReader(text), "fuzz.csv", new CsvOptions { Label = "0", Classes = ["a", "1"] }));
        OnlyFormatErrors(() => CsvLoader.Load<double>(new StringReader(text), "fuzz.csv", new CsvOptions { TargetColumns = ["b", "1"] }));
        OnlyFormatErrors(() => CsvLoader.LoadFeatures<float>(new StringReader(text), "fuzz.csv", 2));
    }

    [Property(Arbitrary = new[] { typeof(DataFileCases) }, MaxTest = 100)]
    public void RandomBytes_AsFiles_LoadOrAreFormatErrors(byte[] bytes, bool gzip)
    {
        using var folder = new TempFolder();
        byte[] content = gzip ? [0x1f, 0x8b, .. bytes] : bytes;
        string csv = folder.Write("fuzz.csv", content);
        string images = folder.Write("fuzz-images-idx3-ubyte", content);
        string labels = folder.Write("fuzz-labels-idx1-ubyte", IdxFiles.Labels([0, 1]));
        string goodImages = folder.Write("good-images-idx3-ubyte", IdxFiles.Images(2, 1, 1, [5, 6]));

        OnlyFormatErrors(() => CsvLoader.Load<float>(csv));
        OnlyFormatErrors(() => CsvLoader.LoadFeatures<float>(csv, 3));
        OnlyFormatErrors(() => IdxLoader.Load<float>(images));
        OnlyFormatErrors(() => IdxLoader.Load<float>(goodImages, images));
        _ = IdxLoader.IsIdx(images);
    }

    [Property(Arbitrary = new[] { typeof(DataFileCases) }, MaxTest = 100)]
    public void TruncatedValidCsv_LoadsOrIsAFormatError(ValidCsv file, int cut)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(file.Text);
        byte[] truncated = bytes[..(Math.Abs(cut) % (bytes.Length + 1))];
        using var folder = new TempFolder();
        string path = folder.Write("cut.csv", truncated);

        OnlyFormatErrors(() => CsvLoader.Load<float>(path));
        OnlyFormatErrors(() => CsvLoader.LoadFeatures<double>(path, file.FeatureCount));
    }

    [Property(Arbitrary = new[] { typeof(DataFileCases) }, MaxTest = 100)]
    public void TruncatedValidIdx_IsAFormatError(ValidIdx file, int cut, bool gzip, bool cutLabels)
    {
        byte[] images = gzip ? IdxFiles.Gzip(file.Images) : file.Images;
        byte[] labels = gzip ? IdxFiles.Gzip(file.Labels) : file.Labels;
        byte[] whole = cutLabels ? labels : images;
        byte[] truncated = whole[..(Math.Abs(cut) % whole.Length)];
        using var folder = new TempFolder();
        string imagesPath = folder.Write("t-images-idx3-ubyte", cutLabels ? images : truncated);
        string labelsPath = folder.Write("t-labels-idx1-ubyte", cutLabels ? truncated : labels);

        Dataset<float> full = IdxLoader.Load<float>(folder.Write("w-images-idx3-ubyte", images), folder.Write("w-labels-idx1-ubyte", labels));
        Assert(full.Count == file.Count);
        var e = Xunit.Assert.Throws<DataFormatException>(() => IdxLoader.Load<float>(imagesPath, labelsPath));
        Assert(e.Path == (cutLabels ? labelsPath : imagesPath));
    }

    private static void OnlyFormatErrors(Action load)
    {
        try
        {
            load();
        }
        catch (DataFormatException e)
        {
            Assert(e.Message.StartsWith(e.Path, StringComparison.Ordinal) && e.Message.Contains("expected", StringComparison.Ordinal));
        }
    }

    private static void Assert(bool condition) => Xunit.Assert.True(condition);
}
