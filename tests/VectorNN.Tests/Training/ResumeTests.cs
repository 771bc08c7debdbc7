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
        var whole = new Trainer<float>(straight, new Adam<float>(0.01), Options with { Epochs = 4 });
        IReadOnlyList<EpochReport> wholeReports = whole.Fit(train);

        Network<float> first = Fresh();
        var adam = new Adam<float>(0.01);
        var half = new Trainer<float>(first, adam, Options with { Epochs = 2 });
        half.Fit(train);
        Assert.Equal(2, half.State.EpochsCompleted);
        ModelFile.Save(path, first, new ModelMetadata { Loss = Loss.CrossEntropy }, adam, half.State);

        LoadedModel model = ModelFile.Load(path);
        Network<float> resumed = model.AsSingle();
        var restored = new Adam<float>(0.01);
        Assert.True(OptimizerStateFile.TryLoad(path, model, restored, resumed.Parameters, out TrainingState? state));
        Assert.Equal(half.State, state);
        var rest = new Trainer<float>(resumed, restored, Options with { Epochs = 2 }) { State = state! };
        IReadOnlyList<EpochReport> restReports = rest.Fit(train);

        Assert.Equal(straight.GetParameters(), resumed.GetParameters());
        Assert.Equal(whole.State, rest.State);
        Assert.Equal([3, 4], restReports.Select(r => r.Epoch));
        Assert.Equal(wholeReports.Skip(2).Select(r => r.TrainLoss), restReports.Select(r => r.TrainLoss));
    }

    [Fact]
    public void TwoPlusTwoEpochs_FromTheFiles_EqualFour_WithAPlateauSchedule()
    {
        // Improvements must exceed 10 nats, so every epoch after the first is without one and halves the rate: the
        // resumed half runs at 0.005 and 0.0025 only if the schedule's state travels with the files.
        static ReduceOnPlateau Plateau() => new(factor: 0.5, patience: 1, minDelta: 10);
        Dataset<float> train = IrisFiles.Train<float>();
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");

        Network<float> straight = Fresh();
        IReadOnlyList<EpochReport> wholeReports = new Trainer<float>(straight, new Adam<float>(0.01), Options with { Epochs = 4, LearningRateSchedule = Plateau() }).Fit(train);

        Network<float> first = Fresh();
        var adam = new Adam<float>(0.01);
        var half = new Trainer<float>(first, adam, Options with { Epochs = 2, LearningRateSchedule = Plateau() });
        half.Fit(train);
        ModelFile.Save(path, first, new ModelMetadata { Loss = Loss.CrossEntropy }, adam, half.State);

        LoadedModel model = ModelFile.Load(path);
        Network<float> resumed = model.AsSingle();
        var restored = new Adam<float>(0.01);
        Assert.True(OptimizerStateFile.TryLoad(path, model, restored, resumed.Parameters, out TrainingState? state));
        Assert.Equal(half.State, state);
        var rest = new Trainer<float>(resumed, restored, Options with { Epochs = 2, LearningRateSchedule = Plateau() }) { State = state! };
        IReadOnlyList<EpochReport> restReports = rest.Fit(train);

        Assert.Equal([0.01, 0.01, 0.005, 0.0025], wholeReports.Select(r => r.LearningRate));
        Assert.Equal(wholeReports.Skip(2).Select(r => r.LearningRate), restReports.Select(r => r.LearningRate));
        Assert.Equal(straight.GetParameters(), resumed.GetParameters());
    }

    [Fact]
    public void FitTwice_ContinuesTheShuffleOrder()
    {
        Dataset<float> train = IrisFiles.Train<float>();
        Network<float> straight = Fresh();
        new Trainer<float>(straight, new Momentum<float>(0.05), Options with { Epochs = 3 }).Fit(train);

        Network<float> stepwise = Fresh();
        var trainer = new Trainer<float>(stepwise, new Momentum<float>(0.05), Options with { Epochs = 1 });
        trainer.Fit(train);
        trainer.Fit(train);
        trainer.Fit(train);

        Assert.Equal(straight.GetParameters(), stepwise.GetParameters());
        Assert.Equal(3, trainer.State.EpochsCompleted);
    }

    [Fact]
    public void ACorruptShuffleState_IsRefused()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        Network<float> network = Fresh();
        ModelFile.Save(path, network, new ModelMetadata { Loss = Loss.CrossEntropy }, new Sgd<float>(0.1), TrainingState.Start(1));
        Tests.IO.ModelFiles.Rewrite(path + ".optimizer", header => header["__metadata__"]!["shuffle_state"] = new string('0', 64));

        LoadedModel model = ModelFile.Load(path);
        var e = Assert.Throws<ModelFormatException>(() => OptimizerStateFile.TryLoad(path, model, new Sgd<float>(0.1), network.Parameters, out _));
        Assert.Contains("shuffle_state", e.Message, StringComparison.Ordinal);
    }

    private static Network<float> Fresh()
    {
        var network = new Network<float>(4, new LayerSpec(6, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Glorot(), seed: 3);
        return network;
    }
}
