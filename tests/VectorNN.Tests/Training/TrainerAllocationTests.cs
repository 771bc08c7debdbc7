using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Training;
using Xunit;

namespace VectorNN.Tests.Training;

[Collection(SequentialCollection.Name)]
public sealed class TrainerAllocationTests
{
    public static TheoryData<int, string> Cases => new()
    {
        { 1, "sgd" }, { 1, "adam" }, { 16, "momentum" }, { 16, "adamw" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrainingSteps_AfterTheFirst_AllocateNothing(int batch, string optimizer)
    {
        var network = new Network<float>(
            30, new LayerSpec(40, Activation.Relu), new LayerSpec(20, Activation.Tanh), new LayerSpec(10, Activation.Softmax));
        network.Initialize(new WeightInit.He(), seed: 5);
        Optimizer<float> o = optimizer switch
        {
            "sgd" => new Sgd<float>(0.01),
            "momentum" => new Momentum<float>(0.01, nesterov: true) { MaxGradientNorm = 1 },
            "adam" => new Adam<float>(1e-3),
            _ => new AdamW<float>(1e-3),
        };
        var trainer = new Trainer<float>(network, o, new TrainingOptions { Loss = Loss.CrossEntropy, BatchSize = batch });
        float[] inputs = Enumerable.Range(0, batch * 30).Select(i => MathF.Cos(i)).ToArray();
        float[] targets = new float[batch * 10];
        for (int s = 0; s < batch; s++)
        {
            targets[(s * 10) + (s % 10)] = 1;
        }

        trainer.TrainBatch(inputs, targets, batch);

        // As in GemmAllocationTests: run alone, and one attempt of ten steps measuring exactly zero is the proof.
        var measured = new List<long>();
        for (int attempt = 0; attempt < 5 && (measured.Count == 0 || measured[^1] != 0); attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
            {
                trainer.TrainBatch(inputs, targets, batch);
            }

            measured.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(measured[^1] == 0, $"bytes allocated per 10 steps: {string.Join(", ", measured)}");
    }

    [Fact]
    public void Predictions_AfterTheFirstOnAThread_AllocateNothing()
    {
        var network = new Network<float>(30, new LayerSpec(40, Activation.Relu), new LayerSpec(10, Activation.Softmax));
        network.Initialize(new WeightInit.He(), seed: 5);
        float[] inputs = Enumerable.Range(0, 32 * 30).Select(i => MathF.Sin(i)).ToArray();
        var outputs = new float[32 * 10];
        network.Predict(inputs, 32, outputs);

        var measured = new List<long>();
        for (int attempt = 0; attempt < 5 && (measured.Count == 0 || measured[^1] != 0); attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            network.Predict(inputs, 32, outputs);
            network.Predict(inputs.AsSpan(0, 30), outputs.AsSpan(0, 10));
            measured.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(measured[^1] == 0, $"bytes allocated per two predictions: {string.Join(", ", measured)}");
    }
}
