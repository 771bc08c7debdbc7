using VectorNN.Data;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Training;
using Xunit;

namespace VectorNN.Tests.Training;

/// <summary>Dropout in training: seeded, resumable, stored in the model file, and never applied outside training.</summary>
public sealed class DropoutTrainingTests
{
    private static readonly TrainingOptions Options = new() { Loss = Loss.CrossEntropy, BatchSize = 8, Seed = 5 };

    private static Network<float> Fresh(double rate)
    {
        var network = new Network<float>(
            4, new LayerSpec(6, Activation.Relu) { DropoutRate = rate }, new LayerSpec(5, Activation.Tanh) { DropoutRate = rate / 2 },
            new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Glorot(), 3);
        return network;
    }

    [Fact]
    public void SameSeed_GivesBitIdenticalWeights_AndTheMasksChangeTraining()
    {
        Dataset<float> train = IrisFiles.Train<float>();
        float[] Run(double rate, ulong seed)
        {
            Network<float> network = Fresh(rate);
            new Trainer<float>(network, new Adam<float>(0.01), Options with { Epochs = 3, Seed = seed }).Fit(train);
            return network.GetParameters();
        }

        Assert.Equal(Run(0.3, 5), Run(0.3, 5));
        Assert.NotEqual(Run(0.3, 5), Run(0.3, 6));
        Assert.NotEqual(Run(0, 5), Run(0.3, 5));
    }

    [Fact]
    public void TwoPlusTwoEpochs_FromTheFiles_EqualFour()
    {
        Dataset<float> train = IrisFiles.Train<float>();
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");

        Network<float> straight = Fresh(0.25);
        new Trainer<float>(straight, new Adam<float>(0.01), Options with { Epochs = 4 }).Fit(train);

        Network<float> first = Fresh(0.25);
        var adam = new Adam<float>(0.01);
        var half = new Trainer<float>(first, adam, Options with { Epochs = 2 });
        half.Fit(train);
        ModelFile.Save(path, first, new ModelMetadata { Loss = Loss.CrossEntropy }, adam, half.State);

        LoadedModel model = ModelFile.Load(path);
        Network<float> resumed = model.AsSingle();
        Assert.Equal(first.Layers.ToArray(), resumed.Layers.ToArray());
        var restored = new Adam<float>(0.01);
        Assert.True(OptimizerStateFile.TryLoad(path, model, restored, resumed.Parameters, out TrainingState? state));
        new Trainer<float>(resumed, restored, Options with { Epochs = 2 }) { State = state! }.Fit(train);

        Assert.Equal(straight.GetParameters(), resumed.GetParameters());
    }

    [Fact]
    public void TheModelFile_StoresTheRates_AndAFileWithoutThemLoadsWithNone()
    {
        using var folder = new TempFolder();
        string dropping = folder.File("dropping.safetensors");
        string plain = folder.File("plain.safetensors");
        ModelFile.Save(dropping, Fresh(0.2), new ModelMetadata { Loss = Loss.CrossEntropy });
        ModelFile.Save(plain, Fresh(0), new ModelMetadata { Loss = Loss.CrossEntropy });

        Assert.Equal([0.2, 0.1, 0.0], ModelFile.Load(dropping).AsSingle().Layers.ToArray().Select(l => l.DropoutRate));
        Assert.Equal([0.0, 0.0, 0.0], ModelFile.Load(plain).AsSingle().Layers.ToArray().Select(l => l.DropoutRate));
        Assert.DoesNotContain("dropout", File.ReadAllText(plain), StringComparison.Ordinal);
        Assert.Contains("\"dropout\":\"0.2,0.1,0\"", File.ReadAllText(dropping), StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluationAndPrediction_NeverDrop()
    {
        // The same parameters with and without dropout give the same predictions and evaluation.
        Dataset<float> test = IrisFiles.Test<float>();
        Network<float> dropping = Fresh(0.5);
        Network<float> plain = Fresh(0);
        Assert.Equal(
            Evaluator.Evaluate(plain, test, Loss.CrossEntropy).Loss,
            Evaluator.Evaluate(dropping, test, Loss.CrossEntropy).Loss);
        var a = new float[3];
        var b = new float[3];
        plain.Predict(test.Input(0), a);
        dropping.Predict(test.Input(0), b);
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void ARateOutsideZeroToOne_IsRefused(double rate)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new LayerSpec(3, Activation.Relu) { DropoutRate = rate });
        Assert.Equal("DropoutRate", e.ParamName);
    }

    [Fact]
    public void DropoutOnTheOutputLayer_IsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new Network<float>(2, new LayerSpec(3, Activation.Softmax) { DropoutRate = 0.1 }));
        Assert.Contains("hidden layers only", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WeightedMaskedSteps_AllocateNothing_AfterTheFirst()
    {
        // As the optimizer allocation test: an allocation in the step shows in every attempt, so one attempt that
        // measures exactly zero is the proof, and every attempt is printed if none does.
        Network<float> network = Fresh(0.3);
        var trainer = new Trainer<float>(network, new Sgd<float>(0.01), Options);
        Dataset<float> train = IrisFiles.Train<float>();
        float[] inputs = train.Inputs[..(8 * 4)].ToArray();
        float[] targets = train.Targets[..(8 * 3)].ToArray();
        float[] weights = [1, 2, 0.5f, 1, 3, 1, 1, 2];
        trainer.TrainBatch(inputs, targets, weights, 8);

        var measured = new List<long>();
        for (int attempt = 0; attempt < 5 && (measured.Count == 0 || measured[^1] != 0); attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int step = 0; step < 10; step++)
            {
                trainer.TrainBatch(inputs, targets, weights, 8);
            }

            measured.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(measured[^1] == 0, $"bytes allocated per 10 steps: {string.Join(", ", measured)}");
    }
}
