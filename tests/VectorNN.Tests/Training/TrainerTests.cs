using VectorNN.Data;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Training;
using Xunit;

namespace VectorNN.Tests.Training;

public sealed class TrainerTests
{
    private static Network<T> Iris<T>(ulong seed)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var network = new Network<T>(4, new LayerSpec(5, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Uniform(-0.01, 0.01), seed);
        return network;
    }

    [Fact]
    public void IrisTutorial_ReachesNinetyPercentTrainAccuracy_ForMostSeeds()
    {
        // The tutorial: 4-5-3, tanh hidden, softmax output, half squared error, online SGD at 0.05, 50 epochs,
        // uniform +-0.01. Its own run reports about 0.93 train and 0.97 test accuracy.
        Dataset<double> train = IrisFiles.Train<double>();
        Dataset<double> test = IrisFiles.Test<double>();
        var accuracies = new List<(double Train, double Test)>();
        for (ulong seed = 1; seed <= 10; seed++)
        {
            Network<double> network = Iris<double>(seed);
            var options = new TrainingOptions { Loss = Loss.HalfSumSquaredError, Epochs = 50, BatchSize = 1, Seed = seed };
            new Trainer<double>(network, new Sgd<double>(0.05), options).Fit(train);
            accuracies.Add((Evaluator.Evaluate(network, train, Loss.HalfSumSquaredError).Accuracy,
                            Evaluator.Evaluate(network, test, Loss.HalfSumSquaredError).Accuracy));
        }

        string all = string.Join(", ", accuracies.Select(a => $"{a.Train:F3}/{a.Test:F3}"));
        Assert.True(accuracies.Count(a => a.Train >= 0.9) >= 8, $"train/test accuracy per seed: {all}");
    }

    [Fact]
    public void SameSeed_GivesBitIdenticalWeights_AndAnotherSeedDifferentOnes()
    {
        Dataset<float> train = IrisFiles.Train<float>();
        float[] Run(ulong seed)
        {
            Network<float> network = Iris<float>(1);
            var options = new TrainingOptions { Loss = Loss.CrossEntropy, Epochs = 5, BatchSize = 8, Seed = seed };
            new Trainer<float>(network, new Adam<float>(0.01), options).Fit(train);
            return network.GetParameters();
        }

        Assert.Equal(Run(42), Run(42));
        Assert.NotEqual(Run(42), Run(43));
    }

    [Fact]
    public void Progress_RunsEveryNthEpoch_AndFitReportsEveryEpoch()
    {
        Dataset<double> train = IrisFiles.Train<double>();
        var seen = new List<int>();
        var options = new TrainingOptions { Epochs = 25, BatchSize = 16, ReportEvery = 10, Seed = 1 };
        IReadOnlyList<EpochReport> reports = new Trainer<double>(Iris<double>(1), new Sgd<double>(0.05), options)
            .Fit(train, new SynchronousProgress<EpochReport>(r => seen.Add(r.Epoch)));

        Assert.Equal([10, 20], seen);
        Assert.Equal(Enumerable.Range(1, 25), reports.Select(r => r.Epoch));
        Assert.All(reports, r => Assert.Equal(120, r.Samples));

        // Training lowers the loss it reports.
        Assert.True(reports[^1].TrainLoss < reports[0].TrainLoss, $"{reports[0].TrainLoss} -> {reports[^1].TrainLoss}");
    }

    [Fact]
    public void Cancellation_StopsBetweenSteps_KeepingTheLastStepsWeights()
    {
        Dataset<double> train = IrisFiles.Train<double>();
        var options = new TrainingOptions { Epochs = 10, BatchSize = 4, Seed = 9 };
        Network<double> twoEpochs = Iris<double>(2);
        new Trainer<double>(twoEpochs, new Sgd<double>(0.05), options with { Epochs = 2 }).Fit(train);

        Network<double> cancelled = Iris<double>(2);
        using var source = new CancellationTokenSource();
        var trainer = new Trainer<double>(cancelled, new Sgd<double>(0.05), options);
        var e = Assert.Throws<TrainingCanceledException>(() => trainer.Fit(
            train,
            new SynchronousProgress<EpochReport>(r =>
            {
                if (r.Epoch == 2)
                {
                    source.Cancel();
                }
            }),
            cancellationToken: source.Token));

        // The finished epochs' reports survive the cancellation, and the state stays at the last finished epoch.
        Assert.Equal([1, 2], e.Reports.Select(r => r.Epoch));
        Assert.Equal(source.Token, e.CancellationToken);
        Assert.Equal(2, trainer.State.EpochsCompleted);
        Assert.Equal(twoEpochs.GetParameters(), cancelled.GetParameters());
    }

    [Fact]
    public void NonFiniteGradient_ThrowsNamingEpochBatchAndLayer_AndKeepsTheLastFiniteWeights()
    {
        // One input, one identity output, data in order with batches of 1: samples 1-3 are ordinary, sample 4 is so
        // large that its weight gradient (o - t) x = 1e20 * 1e20 overflows float.
        float[] inputs = [0.5f, -0.25f, 1, 1e20f, 0.5f];
        float[] targets = [1, 0, 1, 0, 1];
        var data = new Dataset<float>(inputs, targets, 1, 1);
        var network = new Network<float>(1, new LayerSpec(1, Activation.Identity));
        network.SetParameters([1, 0]);
        var options = new TrainingOptions { Loss = Loss.HalfSumSquaredError, Shuffle = false };
        var trainer = new Trainer<float>(network, new Sgd<float>(0.1), options);

        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(data));

        Assert.Equal((1, 4, 0), (e.Epoch, e.Batch, e.Layer));
        Assert.Contains("epoch 1, batch 4", e.Message);
        Assert.Contains("layer 0", e.Message);
        var twin = new Network<float>(1, new LayerSpec(1, Activation.Identity));
        twin.SetParameters([1, 0]);
        var twinTrainer = new Trainer<float>(twin, new Sgd<float>(0.1), options);
        for (int i = 0; i < 3; i++)
        {
            twinTrainer.TrainBatch(inputs.AsSpan(i, 1), targets.AsSpan(i, 1), 1);
        }

        Assert.Equal(twin.GetParameters(), network.GetParameters());
    }

    [Fact]
    public void NonFiniteLoss_ThrowsNamingTheLayer_AndLeavesWeightsUnchanged()
    {
        // w x = 1e30 * 1e10 overflows float in the forward pass: the output, and so the loss, is infinite.
        var network = new Network<float>(1, new LayerSpec(1, Activation.Identity));
        network.SetParameters([1e10f, 0]);
        var trainer = new Trainer<float>(network, new Sgd<float>(0.1), new TrainingOptions());

        var e = Assert.Throws<TrainingDivergedException>(() => trainer.TrainBatch([1e30f], [0f], 1));

        Assert.Equal((0, 1, 0), (e.Epoch, e.Batch, e.Layer));
        Assert.Contains("layer 0", e.Message);
        Assert.Contains("No update was applied, so the network keeps the parameters it started with", e.Message);
        Assert.Equal([1e10f, 0], network.GetParameters());
    }

    [Fact]
    public void FiniteBlowUp_ThrowsNamingEpochBatchAndLayer_AndSaysThePreviousUpdateWasApplied()
    {
        // Iris with cross-entropy and SGD at 1e6: an update sends the logits to about 1e6, so a following batch of another
        // class has a finite loss about 1e6 times the first (ln 3). Data in order, so a twin can replay the steps taken.
        Dataset<float> train = IrisFiles.Train<float>();
        var options = new TrainingOptions { Loss = Loss.CrossEntropy, Epochs = 3, BatchSize = 8, Shuffle = false };
        Network<float> network = Iris<float>(1);
        var trainer = new Trainer<float>(network, new Sgd<float>(1e6f), options);

        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(train));

        Assert.Equal(1, e.Epoch);
        Assert.InRange(e.Batch, 2, 15);
        Assert.InRange(e.Layer, 0, 1);
        Assert.Contains($"epoch 1, batch {e.Batch}:", e.Message);
        Assert.Contains($"layer {e.Layer}", e.Message);
        Assert.Contains("times the reference loss", e.Message);
        Assert.DoesNotContain("the update was not applied", e.Message);
        Assert.Contains("This step's update was not applied; the network keeps the parameters of the previous update, which produced this loss", e.Message);

        Network<float> twin = Iris<float>(1);
        var twinTrainer = new Trainer<float>(twin, new Sgd<float>(1e6f), options);
        for (int b = 0; b < e.Batch - 1; b++)
        {
            twinTrainer.TrainBatch(train.Inputs.Slice(b * 8 * 4, 8 * 4), train.Targets.Slice(b * 8 * 3, 8 * 3), 8);
        }

        Assert.Equal(twin.GetParameters(), network.GetParameters());
    }

    [Fact]
    public void DivergenceFactor_OutOfRange_IsRejected()
    {
        foreach (double factor in new[] { 1, 0.5, -1, double.NaN })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(
                () => new Trainer<double>(Iris<double>(1), new Sgd<double>(0.1), new TrainingOptions { DivergenceFactor = factor }));
            Assert.Equal("DivergenceFactor", e.ParamName);
        }

        // Infinity turns the check off: the Iris blow-up above then runs to the end.
        var options = new TrainingOptions { Loss = Loss.CrossEntropy, Epochs = 1, BatchSize = 8, DivergenceFactor = double.PositiveInfinity };
        Assert.Single(new Trainer<double>(Iris<double>(1), new Sgd<double>(1e6), options).Fit(IrisFiles.Train<double>()));
    }

    [Fact]
    public void HugeEpochCount_AllocatesNothingUpFront()
    {
        // Epochs = int.MaxValue is a valid "until cancelled"; the reports list must not be sized for it up front.
        using var source = new CancellationTokenSource();
        var options = new TrainingOptions { Epochs = int.MaxValue, BatchSize = 30, Seed = 1 };
        var e = Assert.Throws<TrainingCanceledException>(() => new Trainer<double>(Iris<double>(1), new Sgd<double>(0.05), options)
            .Fit(IrisFiles.Train<double>(), batchProgress: new SynchronousProgress<BatchReport>(b => source.Cancel()), cancellationToken: source.Token));
        Assert.Empty(e.Reports);
    }

    [Fact]
    public void BadData_IsRejected_WithParameterNameAndExpectedVersusGiven()
    {
        var e = Assert.Throws<ArgumentException>(() => new Dataset<double>([1, 2, double.NaN, 4], [1, 0], 2, 1));
        Assert.Equal("inputs", e.ParamName);
        Assert.Contains("Sample 1, column 0", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Dataset<double>([1, 2, 3, 4], [1, double.PositiveInfinity], 2, 1));
        Assert.Equal("targets", e.ParamName);
        Assert.Contains("Sample 1, column 0", e.Message);
        Assert.Throws<ArgumentException>(() => new Dataset<double>([], [], 2, 1));
        e = Assert.Throws<ArgumentException>(() => new Dataset<double>([1, 2, 3], [1], 2, 1));
        Assert.Contains("whole rows of 2", e.Message);
        e = Assert.Throws<ArgumentException>(() => Dataset<double>.FromLabels([1, 2], 1, [0, 3], 3));
        Assert.Contains("Sample 1", e.Message);

        Network<double> network = Iris<double>(1);
        var threeInputs = new Dataset<double>([1, 2, 3], [1, 0, 0], 3, 3);
        var trainer = new Trainer<double>(network, new Sgd<double>(0.1), new TrainingOptions());
        e = Assert.Throws<ArgumentException>(() => trainer.Fit(threeInputs));
        Assert.Equal("data", e.ParamName);
        Assert.Contains("Expected samples of 4 inputs", e.Message);
        Assert.Contains("got 3", e.Message);

        var range = Assert.Throws<ArgumentOutOfRangeException>(
            () => new Trainer<double>(network, new Sgd<double>(0.1), new TrainingOptions { BatchSize = 0 }));
        Assert.Equal("BatchSize", range.ParamName);
        e = Assert.Throws<ArgumentException>(
            () => new Trainer<double>(network, new Sgd<double>(0.1), new TrainingOptions { Loss = Loss.BinaryCrossEntropy }));
        Assert.Contains("Logistic output", e.Message);
        e = Assert.Throws<ArgumentException>(() => trainer.TrainBatch(new double[4], new double[2], 1));
        Assert.Equal("targets", e.ParamName);
        Assert.Contains("Expected 3 values", e.Message);
    }

    [Fact]
    public void Evaluate_CountsPredictionsByActualClass()
    {
        // The identity network predicts the class of the larger input.
        var network = new Network<double>(2, new LayerSpec(2, Activation.Identity));
        network.SetParameters([1, 0, 0, 1, 0, 0]);
        double[] inputs = [1, 0, 0, 1, 0.2, 0.9, 0.7, 0.1, 0.3, 0.4];
        var data = Dataset<double>.FromLabels(inputs, 2, [0, 1, 0, 0, 1], 2);

        Evaluation result = Evaluator.Evaluate(network, data, Loss.HalfSumSquaredError, batchSize: 2);

        // Predicted: 0, 1, 1, 0, 1 against actual 0, 1, 0, 0, 1.
        Assert.Equal([[2, 1], [0, 2]], result.ConfusionMatrix);
        Assert.Equal(0.8, result.Accuracy);
        double expectedLoss = (0 + 0 + (0.5 * ((0.8 * 0.8) + (0.9 * 0.9))) + (0.5 * ((0.3 * 0.3) + (0.1 * 0.1))) + (0.5 * ((0.3 * 0.3) + (0.6 * 0.6)))) / 5;
        Assert.Equal(expectedLoss, result.Loss, 1e-15);
    }

    [Fact]
    public void Evaluation_ReportsPrecisionRecallAndF1PerClass_AndTheirMacroAverages()
    {
        // An imbalanced set of 6: classes 0, 0, 0, 0, 1, 2; predicted 0, 0, 0, 1, 0, 0 (the network predicts the class
        // of the largest input). Class 0: TP 3, FP 2, FN 1; class 1: TP 0, FP 1, FN 1; class 2: TP 0, FP 0, FN 1, a
        // class never predicted, whose precision is 0/0 = 0 (zero_division=0).
        var network = new Network<double>(3, new LayerSpec(3, Activation.Identity));
        network.SetParameters([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
        double[] inputs = [1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0];
        var data = Dataset<double>.FromLabels(inputs, 3, [0, 0, 0, 0, 1, 2], 3);

        Evaluation result = Evaluator.Evaluate(network, data, Loss.HalfSumSquaredError);

        Assert.Equal([[3, 1, 0], [1, 0, 0], [1, 0, 0]], result.ConfusionMatrix);
        Assert.Equal([3.0 / 5, 0, 0], result.Precision);
        Assert.Equal([3.0 / 4, 0, 0], result.Recall);
        Assert.Equal([6.0 / 9, 0, 0], result.F1);
        Assert.Equal(3.0 / 5 / 3, result.MacroPrecision, 1e-15);
        Assert.Equal(3.0 / 4 / 3, result.MacroRecall, 1e-15);
        Assert.Equal(6.0 / 9 / 3, result.MacroF1, 1e-15);
    }
}
