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
        Run run = TwoPlusTwo(() => Options);

        Assert.Equal(2, run.Half.State.EpochsCompleted);
        Assert.Equal(run.Half.State, run.Loaded);
        Assert.Equal(run.Whole.Network.GetParameters(), run.Rest.Network.GetParameters());
        Assert.Equal(run.Whole.State, run.Rest.State);
        Assert.Equal([3, 4], run.RestReports.Select(r => r.Epoch));
        Assert.Equal(run.WholeReports.Skip(2).Select(r => r.TrainLoss), run.RestReports.Select(r => r.TrainLoss));
    }

    [Fact]
    public void TwoPlusTwoEpochs_FromTheFiles_EqualFour_WithAPlateauSchedule()
    {
        // Improvements must exceed 10 nats, so every epoch after the first is without one and halves the rate: the
        // resumed half runs at 0.005 and 0.0025 only if the schedule's state travels with the files.
        Run run = TwoPlusTwo(() => Options with { LearningRateSchedule = new ReduceOnPlateau(factor: 0.5, patience: 1, minDelta: 10) });

        Assert.Equal(run.Half.State, run.Loaded);
        Assert.Equal([0.01, 0.01, 0.005, 0.0025], run.WholeReports.Select(r => r.LearningRate));
        Assert.Equal(run.WholeReports.Skip(2).Select(r => r.LearningRate), run.RestReports.Select(r => r.LearningRate));
        Assert.Equal(run.Whole.Network.GetParameters(), run.Rest.Network.GetParameters());
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

    [Fact]
    public void ACorruptScheduleState_IsRefused()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        var sgd = new Sgd<float>(0.1);
        var trainer = new Trainer<float>(Fresh(), sgd, Options with { LearningRateSchedule = new ReduceOnPlateau() });
        trainer.Fit(IrisFiles.Train<float>());
        ModelFile.Save(path, trainer.Network, new ModelMetadata { Loss = Loss.CrossEntropy }, sgd, trainer.State);
        Tests.IO.ModelFiles.Rewrite(path + ".optimizer", header => header["__metadata__"]!["schedule.rate"] = "fast");

        LoadedModel model = ModelFile.Load(path);
        var e = Assert.Throws<ModelFormatException>(() => OptimizerStateFile.TryLoad(path, model, new Sgd<float>(0.1), model.AsSingle().Parameters, out _));
        Assert.Contains("schedule.rate", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Four epochs straight, and two epochs saved to files and resumed from them for two more, each trainer with options
    /// of its own from <paramref name="options"/> (a schedule with state is never shared).
    /// </summary>
    private static Run TwoPlusTwo(Func<TrainingOptions> options)
    {
        Dataset<float> train = IrisFiles.Train<float>();
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");

        var whole = new Trainer<float>(Fresh(), new Adam<float>(0.01), options() with { Epochs = 4 });
        IReadOnlyList<EpochReport> wholeReports = whole.Fit(train);

        var adam = new Adam<float>(0.01);
        var half = new Trainer<float>(Fresh(), adam, options() with { Epochs = 2 });
        half.Fit(train);
        ModelFile.Save(path, half.Network, new ModelMetadata { Loss = Loss.CrossEntropy }, adam, half.State);

        LoadedModel model = ModelFile.Load(path);
        Network<float> resumed = model.AsSingle();
        var restored = new Adam<float>(0.01);
        Assert.True(OptimizerStateFile.TryLoad(path, model, restored, resumed.Parameters, out TrainingState? state));
        var rest = new Trainer<float>(resumed, restored, options() with { Epochs = 2 }) { State = state! };
        return new Run(whole, wholeReports, half, rest, rest.Fit(train), state);
    }

    private sealed record Run(
        Trainer<float> Whole, IReadOnlyList<EpochReport> WholeReports, Trainer<float> Half, Trainer<float> Rest, IReadOnlyList<EpochReport> RestReports, TrainingState? Loaded);

    private static Network<float> Fresh()
    {
        var network = new Network<float>(4, new LayerSpec(6, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Glorot(), seed: 3);
        return network;
    }
}
