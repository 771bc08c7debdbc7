using VectorNN.Data;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Training;
using Xunit;

namespace VectorNN.Tests.Training;

/// <summary>Training saved after some epochs and resumed from the files continues bit-identically, shuffling included.</summary>
public sealed class ResumeTests
{
    private static readonly TrainingOptions Options = new() { Loss = Loss.CrossEntropy, BatchSize = 8, Seed = 11, Shuffle = true };

    [Fact]
    public void TwoPlusTwoEpochs_FromTheFiles_EqualFour()
    {
        Dataset<float> train = IrisFiles.Train<float>();
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");

        Network<float> straight = Fresh();
        new Trainer<float>(straight, new Adam<float>(0.01), Options with { Epochs = 4 }).Fit(train);

        Network<float> first = Fresh();
        var adam = new Adam<float>(0.01);
        new Trainer<float>(first, adam, Options with { Epochs = 2 }).Fit(train);
        ModelFile.Save(path, first, new ModelMetadata { Loss = Loss.CrossEntropy });
        ModelFile.SaveOptimizerState(path, adam);

        Network<float> resumed = ModelFile.Load(path).AsSingle();
        var restored = new Adam<float>(0.01);
        Assert.True(ModelFile.TryLoadOptimizerState(path, restored, resumed.Parameters));
        new Trainer<float>(resumed, restored, Options with { Epochs = 2 }).Fit(train);

        Assert.Equal(straight.GetWeights(), resumed.GetWeights());
    }

    private static Network<float> Fresh()
    {
        var network = new Network<float>(4, new LayerSpec(6, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Glorot(), seed: 3);
        return network;
    }
}
