using VectorNN.Kernels;
using VectorNN.Training;
using Xunit;

namespace VectorNN.Tests.Training;

/// <summary>
/// The shuffled batch's gather against a plain loop over the order: inputs, targets and sample weights of each named
/// sample land in the batch row of its position. Batches below and above the size that splits the gather between
/// threads, on one thread and on every processor (the split runs where the machine has two or more).
/// </summary>
[Collection(SequentialCollection.Name)]
public sealed class BatchGatherJobTests
{
    [Theory]
    [InlineData(1, 4, 3, false)]
    [InlineData(7, 13, 2, true)]
    [InlineData(64, 300, 10, true)]    // 79 KB: split
    [InlineData(129, 784, 10, false)]  // Fashion-MNIST's rows, a ragged split
    [InlineData(128, 784, 10, true)]
    public void Gather_PutsEachNamedSampleInItsRow(int batch, int inputWidth, int targetWidth, bool weighted)
    {
        const int samples = 300;
        var random = new Random((batch * 7) + inputWidth);
        float[] inputs = Enumerable.Range(0, samples * inputWidth).Select(i => (float)i).ToArray();
        float[] targets = Enumerable.Range(0, samples * targetWidth).Select(i => -(float)i).ToArray();
        float[] weights = weighted ? Enumerable.Range(0, samples).Select(i => 1000f + i).ToArray() : [];
        int[] order = Enumerable.Range(0, samples).OrderBy(_ => random.Next()).Take(batch).ToArray();

        float[] expectedInputs = order.SelectMany(s => inputs.Skip(s * inputWidth).Take(inputWidth)).ToArray();
        float[] expectedTargets = order.SelectMany(s => targets.Skip(s * targetWidth).Take(targetWidth)).ToArray();
        float[] expectedWeights = weighted ? order.Select(s => weights[s]).ToArray() : [];

        foreach (int threads in new[] { 1, Environment.ProcessorCount })
        {
            using Parallelism.Scope limit = Parallelism.Limit(threads);
            var batchInputs = new float[(batch * inputWidth) + 1];
            var batchTargets = new float[(batch * targetWidth) + 1];
            var batchWeights = new float[batch + 1];
            new BatchGatherJob<float>().Run(
                inputs, inputWidth, targets, targetWidth, weights, order, batchInputs, batchTargets, batchWeights);

            Assert.Equal(expectedInputs, batchInputs[..^1]);
            Assert.Equal(expectedTargets, batchTargets[..^1]);
            Assert.Equal(weighted ? expectedWeights : new float[batch], batchWeights[..^1]);
            Assert.Equal(0, batchInputs[^1]);
            Assert.Equal(0, batchTargets[^1]);
            Assert.Equal(0, batchWeights[^1]);
        }
    }
}
