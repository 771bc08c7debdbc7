using VectorNN.IO;
using VectorNN.Layers;
using Xunit;

namespace VectorNN.Tests.IO;

/// <summary>Element types the generic constraint admits but the library does not compute in are refused at once.</summary>
public sealed class ElementTypesTests
{
    [Fact]
    public void OnlyFloatAndDouble_AreSupported()
    {
        Assert.True(ElementTypes.IsSupported<float>());
        Assert.True(ElementTypes.IsSupported<double>());
        Assert.False(ElementTypes.IsSupported<Half>());
    }

    [Fact]
    public void NetworkOfHalf_IsRefusedOnConstruction_NamingTheSupportedTypes()
    {
        var e = Assert.Throws<NotSupportedException>(() => new Network<Half>(4, new LayerSpec(3, Activation.Tanh)));
        Assert.Contains("float or double", e.Message, StringComparison.Ordinal);
        Assert.Contains("Half", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadingAsHalf_IsRefusedBeforeTheFileIsRead()
    {
        using var folder = new TempFolder();
        string missing = folder.File("missing.safetensors");
        Assert.Throws<NotSupportedException>(() => ModelFile.Load<Half>(missing, out _));

        string path = folder.File("model.safetensors");
        ModelFile.Save(path, ModelFiles.Sample<float>(), ModelFiles.SampleMetadata());
        Assert.Throws<NotSupportedException>(() => ModelFile.Load(path).ToNetwork<Half>());
    }
}
