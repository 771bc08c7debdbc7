using BenchmarkDotNet.Attributes;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Training;

namespace VectorNN.Benchmarks;

/// <summary>
/// One training step on a batch of random inputs: forward, back-propagation and a plain SGD update. A softmax output
/// trains with cross-entropy on one-hot targets, any other output with mean squared error on random targets.
/// </summary>
public class NetworkTrainingBenchmark : NetworkBenchmark
{
    private float[] inputs = null!;
    private float[] targets = null!;
    private Trainer<float> trainer = null!;

    /// <summary>One <see cref="Trainer{T}.TrainBatch(ReadOnlySpan{T}, ReadOnlySpan{T}, int)"/> call on <see cref="NetworkBenchmark.Batch"/> samples.</summary>
    [Benchmark]
    public double TrainStep() => trainer.TrainBatch(inputs, targets, Batch);

    /// <inheritdoc />
    protected override long FlopsPerSample(ReadOnlySpan<int> widths) => FlopCount.TrainingStep(widths);

    /// <inheritdoc />
    protected override void Prepare()
    {
        int outputs = Model.OutputCount;
        bool softmax = Model.OutputActivation == Activation.Softmax;
        inputs = RandomValues(Batch * Model.InputCount);
        targets = softmax ? new float[Batch * outputs] : RandomValues(Batch * outputs);
        if (softmax)
        {
            for (int s = 0; s < Batch; s++)
            {
                targets[(s * outputs) + (s % outputs)] = 1;
            }
        }

        var options = new TrainingOptions { Loss = softmax ? Loss.CrossEntropy : Loss.MeanSquaredError, BatchSize = Batch };
        trainer = new Trainer<float>(Model, new Sgd<float>(0.001), options);
    }
}
