using VectorNN.Layers;
using Xunit;

namespace VectorNN.Tests.Layers;

/// <summary>One-sample prediction, split between threads or not, allocates nothing once the thread's scratch exists.</summary>
[Collection(SequentialCollection.Name)]
public sealed class OneSamplePredictAllocationTests
{
    [Fact]
    public void SteadyStateOneSamplePredictions_DoNotAllocate()
    {
        var network = new Network<float>(784, new LayerSpec(256, Activation.Relu), new LayerSpec(128, Activation.Tanh), new LayerSpec(10, Activation.Softmax));
        network.Initialize(new WeightInit.He(), seed: 2);
        float[] input = [.. Enumerable.Range(0, 784).Select(i => MathF.Sin(i * 0.1f))];
        var output = new float[10];
        for (int warm = 0; warm < 3; warm++)
        {
            network.Predict(input, output);
            network.Predict(input, 1, output, maxDegreeOfParallelism: 1);
        }

        // As in GemmAllocationTests: an allocation in the path shows in every call, so one call pair that measures
        // exactly zero is the proof, and every attempt is printed if none does.
        var measured = new List<long>();
        for (int attempt = 0; attempt < 5 && (measured.Count == 0 || measured[^1] != 0); attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            network.Predict(input, output);
            network.Predict(input, 1, output, maxDegreeOfParallelism: 1);
            measured.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(measured[^1] == 0, $"bytes allocated per call pair: {string.Join(", ", measured)}");
    }
}
