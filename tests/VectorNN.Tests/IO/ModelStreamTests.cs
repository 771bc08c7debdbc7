using System.Buffers.Binary;
using System.Text;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using Xunit;

namespace VectorNN.Tests.IO;

/// <summary>Models saved to and loaded from streams (seekable or not), and loaded as a network of a chosen precision.</summary>
public sealed class ModelStreamTests
{
    [Fact]
    public void SaveToMemoryStream_WritesTheFileBytes_AndLoadsBitIdentically()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        Network<float> network = ModelFiles.Sample<float>();
        ModelMetadata metadata = ModelFiles.SampleMetadata();
        ModelFile.Save(path, network, metadata);
        byte[] file = File.ReadAllBytes(path);

        // The model goes after what the stream already holds, as in a container of several records.
        using var stream = new MemoryStream();
        stream.Write([1, 2, 3]);
        ModelFile.Save(stream, network, metadata);
        Assert.Equal(file, stream.ToArray()[3..]);

        stream.Position = 3;
        LoadedModel loaded = ModelFile.Load(stream, "blob");
        ModelFiles.AssertSame(ModelFile.Load(path), loaded);
        Assert.Equal(ModelFile.Load(path).Digest, loaded.Digest);
    }

    [Fact]
    public void NonSeekableStreams_SaveAndLoad_AsTheFilePathDoes()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        var network = new Network<double>(3, new LayerSpec(2, Activation.LeakyRelu), new LayerSpec(1, Activation.Logistic));
        network.Initialize(new WeightInit.Uniform(-3, 3), 11);
        var metadata = new ModelMetadata { Loss = Loss.BinaryCrossEntropy, Classes = ["no", "yes"] };
        ModelFile.Save(path, network, metadata);

        using var written = new MemoryStream();
        ModelFile.Save(new ForwardOnlyStream(written), network, metadata);
        Assert.Equal(File.ReadAllBytes(path), written.ToArray());

        var source = new ForwardOnlyStream(new MemoryStream(written.ToArray()));
        LoadedModel loaded = ModelFile.Load(source);
        ModelFiles.AssertSame(ModelFile.Load(path), loaded);
        Assert.Equal(ModelFiles.Bits(network.GetParameters()), ModelFiles.Bits(loaded.AsDouble().GetParameters()));
    }

    [Fact]
    public void SaveToStream_OfANonFiniteWeight_WritesNothing()
    {
        Network<float> network = ModelFiles.Sample<float>();
        network.Parameters.Values[^1] = float.NaN;
        using var stream = new MemoryStream();
        var e = Assert.Throws<ArgumentException>(() => ModelFile.Save(stream, network, ModelFiles.SampleMetadata()));
        Assert.Contains("NaN", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public void LoadT_ConvertsThePrecision_DoubleToFloatRounds_FloatToDoubleIsExact()
    {
        using var folder = new TempFolder();
        string singles = folder.File("float.safetensors");
        string doubles = folder.File("double.safetensors");
        Network<float> f = ModelFiles.Sample<float>();
        Network<double> d = ModelFiles.Sample<double>();
        d.Parameters.Values[0] = 0.1;   // not a float: must round to the nearest one
        ModelMetadata metadata = ModelFiles.SampleMetadata();
        ModelFile.Save(singles, f, metadata);
        ModelFile.Save(doubles, d, metadata);

        Network<double> widened = ModelFile.Load<double>(singles, out ModelMetadata read);
        ModelFiles.AssertSame(metadata, read);
        Assert.Equal(f.Layers.ToArray(), widened.Layers.ToArray());
        Assert.Equal(ModelFiles.Bits(f.GetParameters().Select(v => (double)v).ToArray()), ModelFiles.Bits(widened.GetParameters()));

        Network<float> rounded = ModelFile.Load<float>(doubles, out _);
        Assert.Equal(0.1f, rounded.Parameters.Values[0]);
        Assert.Equal(ModelFiles.Bits(d.GetParameters().Select(v => (float)v).ToArray()), ModelFiles.Bits(rounded.GetParameters()));

        Assert.Equal(ModelFiles.Bits(d.GetParameters()), ModelFiles.Bits(ModelFile.Load<double>(doubles, out _).GetParameters()));
        Assert.Equal(ModelFiles.Bits(f.GetParameters()), ModelFiles.Bits(ModelFile.Load<float>(singles, out _).GetParameters()));
    }

    [Fact]
    public void LoadFloat_OfADoubleBeyondFloatsRange_Overflows()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        var network = new Network<double>(1, new LayerSpec(1, Activation.Identity));
        network.SetParameters([1e300, 0]);
        ModelFile.Save(path, network, new ModelMetadata { Loss = Loss.MeanSquaredError });

        Assert.Throws<OverflowException>(() => ModelFile.Load<float>(path, out _));
        Assert.Equal(1e300, ModelFile.Load<double>(path, out _).Parameters.Values[0]);
    }

    public static TheoryData<int> Cuts => [0, 7, 8, 20, 100, -8, -1];

    [Theory]
    [MemberData(nameof(Cuts))]
    public void TruncatedStream_IsRefused_NamingTheStream(int cut)
    {
        byte[] file = SampleFile();
        int length = cut >= 0 ? cut : file.Length + cut;
        AssertRefused(file[..length], "");
    }

    [Fact]
    public void CorruptStream_IsRefusedByTheChecksum()
    {
        byte[] file = SampleFile();
        file[^5] ^= 1;
        AssertRefused(file, "sha256 mismatch: the tensor bytes are corrupt");
    }

    [Fact]
    public void BytesAfterTheModel_AreRefused_AndAnEndlessStreamIsReadOnlyOneBytePast()
    {
        byte[] file = SampleFile();
        AssertRefused([.. file, 0], "bytes follow the last tensor");

        var endless = new ForwardOnlyStream(new MemoryStream(file), maxRead: 4096, endless: true);
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(endless, "endless"));
        Assert.Contains("bytes follow the last tensor", e.Message, StringComparison.Ordinal);
        Assert.Equal(file.Length + 1, endless.BytesRead);
    }

    [Fact]
    public void CraftedLengths_DoNotAllocateWhatTheyDeclare()
    {
        // A header length at the limit (100 MB) with no header behind it.
        var length = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)SafetensorsLimit);
        AssertRefusedWithin(length, "runs past the end", 1 << 20);

        // A well-formed header declaring a 400 MB tensor, followed by 16 bytes.
        byte[] json = Encoding.UTF8.GetBytes(
            """{"__metadata__":{"format":"vectornn"},"w":{"dtype":"F32","shape":[100000000],"data_offsets":[0,400000000]}}""");
        AssertRefusedWithin(ModelFiles.Frame(json, new byte[16]), "ends at byte 400000000 of the data, beyond its 16 bytes", 1 << 20);
    }

    [Fact]
    public void StreamLoading_ChecksConsistency_AsFileLoadingDoes()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        ModelFile.Save(path, ModelFiles.Sample<float>(), ModelFiles.SampleMetadata());
        ModelFiles.Rewrite(path, h => h["__metadata__"]!["classes"] = "[\"a\",\"b\"]");
        AssertRefused(File.ReadAllBytes(path), "classes names 2 classes, expected 3");
    }

    /// <summary>The documented header-length limit, restated so the test does not take it from the code under test.</summary>
    private const long SafetensorsLimit = 100_000_000;

    private static byte[] SampleFile()
    {
        using var stream = new MemoryStream();
        ModelFile.Save(stream, ModelFiles.Sample<float>(), ModelFiles.SampleMetadata());
        return stream.ToArray();
    }

    /// <summary>Asserts that loading <paramref name="bytes"/> through a non-seekable stream fails in one line naming the stream.</summary>
    private static void AssertRefused(byte[] bytes, string message)
    {
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(new ForwardOnlyStream(new MemoryStream(bytes)), "models/iris"));
        Assert.Equal("models/iris", e.Path);
        Assert.StartsWith("models/iris: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    /// <summary>As <see cref="AssertRefused"/>, allocating fewer than <paramref name="maxBytes"/> on this thread.</summary>
    private static void AssertRefusedWithin(byte[] bytes, string message, long maxBytes)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        AssertRefused(bytes, message);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < maxBytes, $"allocated {allocated} bytes for a {bytes.Length}-byte stream");
    }
}
