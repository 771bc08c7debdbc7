using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Optim;
using Xunit;

namespace VectorNN.Tests.IO;

/// <summary>A model and its optimizer state are saved as a pair that a reader never combines with another save's half.</summary>
public sealed class ModelPairTests
{
    [Fact]
    public void StateBesideANewerModel_IsRefused()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        var adam = new Adam<float>(0.01);
        Network<float> first = ModelFiles.Sample<float>(1);
        ModelFile.Save(path, first, ModelFiles.SampleMetadata());
        ModelFile.SaveOptimizerState(path, adam);

        // The next save got as far as the model, then the process died.
        ModelFile.Save(path, ModelFiles.Sample<float>(2), ModelFiles.SampleMetadata());

        Network<float> loaded = ModelFile.Load(path).AsSingle();
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.TryLoadOptimizerState(path, new Adam<float>(0.01), loaded.Parameters));
        Assert.Contains("was saved with another model", e.Message, StringComparison.Ordinal);
    }
}
