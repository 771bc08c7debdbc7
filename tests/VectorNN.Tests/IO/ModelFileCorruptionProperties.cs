using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VectorNN.IO;
using Xunit;

namespace VectorNN.Tests.IO;

/// <summary>
/// Any single damaged byte and any truncation either fails to load with <see cref="ModelFormatException"/> or, where
/// the damage cannot matter (a padding space or JSON whitespace turned into other whitespace), loads the identical
/// model. Nothing else may come out: no other exception, and never a model that differs.
/// </summary>
public sealed class ModelFileCorruptionProperties : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly byte[] original;
    private readonly int dataStart;
    private readonly LoadedModel expected;

    public ModelFileCorruptionProperties()
    {
        string path = folder.File("model.safetensors");
        ModelFile.Save(path, ModelFiles.Sample<float>(), ModelFiles.SampleMetadata());
        original = File.ReadAllBytes(path);
        dataStart = ModelFiles.ReadHeader(original).DataStart;
        expected = ModelFile.Load(path);
    }

    public void Dispose() => folder.Dispose();

    [Property(MaxTest = 500)]
    public Property FlippingAnyByte_FailsClearly_OrChangesNothing(NonNegativeInt position, byte mask)
    {
        int at = position.Get % original.Length;
        byte change = mask == 0 ? (byte)1 : mask;
        byte[] damaged = (byte[])original.Clone();
        damaged[at] ^= change;
        string path = folder.File($"flip-{at}-{change}.safetensors");
        File.WriteAllBytes(path, damaged);
        Outcome(path, out bool loaded);

        // Tensor bytes are all guarded by sha256, so only a header byte may be harmless.
        return (!loaded || at >= 8 && at < dataStart).Label($"byte {at} ^ {change} loaded={loaded}");
    }

    [Fact]
    public void FlippingEveryByteOnce_FailsClearly_OrChangesNothing()
    {
        // Exhaustive over positions for one mask each of the low and high bit, beside the random property above.
        for (int at = 0; at < original.Length; at++)
        {
            foreach (byte change in new byte[] { 0x01, 0x80 })
            {
                byte[] damaged = (byte[])original.Clone();
                damaged[at] ^= change;
                string path = folder.File("flip.safetensors");
                File.WriteAllBytes(path, damaged);
                Outcome(path, out bool loaded);
                Assert.False(loaded && (at < 8 || at >= dataStart), $"byte {at} ^ {change} loaded");
            }
        }
    }

    [Fact]
    public void TruncatingAtAnyLength_Fails()
    {
        for (int length = 0; length < original.Length; length++)
        {
            string path = folder.File("cut.safetensors");
            File.WriteAllBytes(path, original[..length]);
            var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(path));
            Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void WhitespaceInsteadOfPadding_LoadsTheSameModel()
    {
        // The honest harmless case exists: the last padding space may become a newline.
        byte[] changed = (byte[])original.Clone();
        Assert.Equal((byte)' ', changed[dataStart - 1]);
        changed[dataStart - 1] = (byte)'\n';
        string path = folder.File("newline.safetensors");
        File.WriteAllBytes(path, changed);
        ModelFiles.AssertSame(expected, ModelFile.Load(path));
    }

    /// <summary>Loads the file: a clear error, or a model identical to the original; anything else fails the test.</summary>
    private void Outcome(string path, out bool loaded)
    {
        LoadedModel model;
        try
        {
            model = ModelFile.Load(path);
        }
        catch (ModelFormatException e)
        {
            Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
            loaded = false;
            return;
        }

        ModelFiles.AssertSame(expected, model);
        loaded = true;
    }
}
