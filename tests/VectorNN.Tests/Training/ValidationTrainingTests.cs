using VectorNN.Data;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Training;
using Xunit;

namespace VectorNN.Tests.Training;

/// <summary>
/// Training with validation data: figures per epoch, early stopping on the validation loss with the best weights kept,
/// and learning-rate schedules applied epoch by epoch.
/// </summary>
public sealed class ValidationTrainingTests
{
    private static readonly TrainingOptions Options = new() { Loss = Loss.CrossEntropy, BatchSize = 8, Seed = 7, Epochs = 6 };

    [Fact]
    public void EveryEpoch_ReportsTheValidationFigures_OfTheNetworkAtItsEnd()
    {
        Dataset<double> train = IrisFiles.Train<double>(), validation = IrisFiles.Test<double>();
        Network<double> network = Fresh<double>();
        var seen = new List<Evaluation>();
        var trainer = new Trainer<double>(network, new Adam<double>(0.01), Options);
        IReadOnlyList<EpochReport> reports = trainer.Fit(
            train, validation, new SynchronousProgress<EpochReport>(_ => seen.Add(Evaluator.Evaluate(network, validation, Loss.CrossEntropy))));

        Assert.Equal(6, reports.Count);
        for (int i = 0; i < reports.Count; i++)
        {
            Assert.NotNull(reports[i].Validation);
            Assert.Equal(seen[i].Loss, reports[i].Validation!.Loss);
            Assert.Equal(seen[i].Accuracy, reports[i].Validation!.Accuracy);
            Assert.Equal(validation.Count, reports[i].Validation!.Count);
        }

        Assert.All(new Trainer<double>(Fresh<double>(), new Adam<double>(0.01), Options).Fit(train), r => Assert.Null(r.Validation));
    }

    [Fact]
    public void EarlyStopping_WhenTheValidationLossRises_StopsAfterPatience_AndKeepsTheBestEpochsWeights()
    {
        // Validation samples are the training samples with every label moved to the next class: the better the
        // network learns the training labels, the worse it does on these, so the best validation loss is epoch 1's.
        Dataset<float> train = IrisFiles.Train<float>();
        Dataset<float> contrary = Relabeled(train);
        IReadOnlyList<EpochReport> unstopped = new Trainer<float>(Fresh<float>(), new Adam<float>(0.01), Options).Fit(train, contrary);
        double[] losses = [.. unstopped.Select(r => r.Validation!.Loss)];
        Assert.True(losses.Skip(1).All(l => l > losses[0]), $"the constructed case needs every later validation loss above epoch 1's: {string.Join(", ", losses)}");

        Network<float> network = Fresh<float>();
        var trainer = new Trainer<float>(network, new Adam<float>(0.01), Options with { EarlyStopping = new EarlyStopping(Patience: 3) });
        IReadOnlyList<EpochReport> reports = trainer.Fit(train, contrary);

        Assert.Equal(4, reports.Count);
        Assert.Equal(4, trainer.StoppedEpoch);
        Assert.Equal(1, trainer.BestEpoch);
        Assert.Equal(4, trainer.State.EpochsCompleted);
        Network<float> oneEpoch = Fresh<float>();
        new Trainer<float>(oneEpoch, new Adam<float>(0.01), Options with { Epochs = 1 }).Fit(train);
        Assert.Equal(oneEpoch.GetParameters(), network.GetParameters());
    }

    [Fact]
    public void EarlyStopping_CountsAnImprovementSmallerThanMinDelta_AsNone()
    {
        Dataset<float> train = IrisFiles.Train<float>();
        IReadOnlyList<EpochReport> falling = new Trainer<float>(Fresh<float>(), new Adam<float>(0.01), Options).Fit(train, train);
        double[] losses = [.. falling.Select(r => r.Validation!.Loss)];
        Assert.True(losses.Zip(losses.Skip(1)).All(p => p.Second < p.First), $"the case needs a falling validation loss: {string.Join(", ", losses)}");

        var patient = new Trainer<float>(Fresh<float>(), new Adam<float>(0.01), Options with { EarlyStopping = new EarlyStopping(2) });
        Assert.Equal(6, patient.Fit(train, train).Count);
        Assert.Null(patient.StoppedEpoch);
        Assert.Equal(6, patient.BestEpoch);

        // No epoch's loss falls by 10 nats: epochs 2 and 3 are both without improvement.
        var demanding = new Trainer<float>(Fresh<float>(), new Adam<float>(0.01), Options with { EarlyStopping = new EarlyStopping(2, MinDelta: 10) });
        Assert.Equal(3, demanding.Fit(train, train).Count);
        Assert.Equal(3, demanding.StoppedEpoch);
        Assert.Equal(1, demanding.BestEpoch);
    }

    [Fact]
    public void EarlyStopping_WithoutValidationData_IsRefused()
    {
        var trainer = new Trainer<float>(Fresh<float>(), new Adam<float>(0.01), Options with { EarlyStopping = new EarlyStopping(2) });
        var e = Assert.Throws<ArgumentException>(() => trainer.Fit(IrisFiles.Train<float>()));
        Assert.Contains("validation", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FitAsync_WithValidation_ReportsIt_AndRefusesEarlyStoppingWithoutIt_AtOnce()
    {
        Dataset<float> train = IrisFiles.Train<float>(), validation = IrisFiles.Test<float>();
        var trainer = new Trainer<float>(Fresh<float>(), new Adam<float>(0.01), Options with { Epochs = 2, EarlyStopping = new EarlyStopping(5) });

        Assert.Throws<ArgumentException>(() => { _ = trainer.FitAsync(train); });
        IReadOnlyList<EpochReport> reports = await trainer.FitAsync(train, validation);
        Assert.Equal(2, reports.Count);
        Assert.All(reports, r => Assert.Equal(validation.Count, r.Validation!.Count));
        Assert.Equal(2, trainer.BestEpoch);
    }

    [Fact]
    public void EarlyStoppingOptions_OutOfRange_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => (Options with { EarlyStopping = new EarlyStopping(0) }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (Options with { EarlyStopping = new EarlyStopping(1, -0.1) }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (Options with { EarlyStopping = new EarlyStopping(1, double.NaN) }).Validate());
    }

    [Fact]
    public void Schedule_SetsEachEpochsRate_AsSettingItByHandBetweenEpochs()
    {
        Dataset<float> train = IrisFiles.Train<float>();
        Network<float> scheduled = Fresh<float>();
        var trainer = new Trainer<float>(scheduled, new Sgd<float>(0.1), Options with { Epochs = 3, LearningRateSchedule = new StepDecay(every: 1, gamma: 0.5) });
        IReadOnlyList<EpochReport> reports = trainer.Fit(train);

        Network<float> byHand = Fresh<float>();
        var sgd = new Sgd<float>(0.1);
        var plain = new Trainer<float>(byHand, sgd, Options with { Epochs = 1 });
        foreach (double rate in new[] { 0.1, 0.05, 0.025 })
        {
            sgd.LearningRate = rate;
            plain.Fit(train);
        }

        Assert.Equal([0.1, 0.05, 0.025], reports.Select(r => r.LearningRate));
        Assert.Equal(byHand.GetParameters(), scheduled.GetParameters());
        Assert.Equal(0.1, trainer.InitialLearningRate);
    }

    [Fact]
    public void Plateau_MonitorsTheValidationLoss_OrElseTheTrainingLoss()
    {
        Dataset<float> train = IrisFiles.Train<float>();
        TrainingOptions options = Options with { Epochs = 4 };

        // The rising validation loss of the relabeled set: epoch 2 is the first without improvement, so epoch 3 runs at half.
        var onValidation = new Trainer<float>(Fresh<float>(), new Adam<float>(0.01), options with { LearningRateSchedule = new ReduceOnPlateau(0.5, patience: 1) });
        Assert.Equal([0.01, 0.01, 0.005, 0.0025], onValidation.Fit(train, Relabeled(train)).Select(r => r.LearningRate));

        // Without validation data the falling training loss is watched, and the rate stays.
        var onTraining = new Trainer<float>(Fresh<float>(), new Adam<float>(0.01), options with { LearningRateSchedule = new ReduceOnPlateau(0.5, patience: 1) });
        Assert.Equal([0.01, 0.01, 0.01, 0.01], onTraining.Fit(train).Select(r => r.LearningRate));
    }

    /// <summary>The same samples with each label moved to the next class.</summary>
    internal static Dataset<T> Relabeled<T>(Dataset<T> data)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        int classes = data.TargetWidth;
        var targets = new T[data.Targets.Length];
        for (int i = 0; i < data.Count; i++)
        {
            ReadOnlySpan<T> row = data.Target(i);
            int label = row.IndexOf(T.One);
            targets[(i * classes) + ((label + 1) % classes)] = T.One;
        }

        return new Dataset<T>(data.Inputs.ToArray(), targets, data.InputWidth, classes);
    }

    internal static Network<T> Fresh<T>()
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var network = new Network<T>(4, new LayerSpec(6, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Glorot(), seed: 3);
        return network;
    }
}
