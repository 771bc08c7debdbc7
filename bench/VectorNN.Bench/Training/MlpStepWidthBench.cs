using BenchmarkDotNet.Attributes;
using VectorNN.Benchmarks;
using VectorNN.Kernels;
using VectorNN.Training;

namespace VectorNN.Bench.Training;

/// <summary>
/// VectorNN's SGD step of the 784-256-128-10 network at batch 128 at each register width (<see cref="SimdWidthConfig"/>:
/// 512, 256 and 128 bits and scalar), on one kernel thread so the table shows what the width alone buys. GFLOP/s
/// counts the step's matrix products (<see cref="MlpProblem.StepFlops"/>).
/// </summary>
[Config(typeof(SimdWidthConfig))]
[MedianColumn]
public class MlpStepWidthBench : IFlopCounted
{
    private const int Batch = 128;
    private float[] _inputs = null!;
    private float[] _targets = null!;
    private Trainer<float> _sgd = null!;
    private int _savedThreads;

    /// <inheritdoc />
    public double Flops => MlpProblem.StepFlops(Batch);

    /// <summary>Holds the kernels to one thread and builds the network and the batch.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _savedThreads = Parallelism.MaxThreads;
        Parallelism.MaxThreads = 1;
        _inputs = MlpProblem.Inputs(Batch);
        _targets = MlpProblem.Targets(Batch);
        _sgd = MlpProblem.SgdTrainer(Batch);
    }

    /// <summary>Restores the kernels' thread count.</summary>
    [GlobalCleanup]
    public void Cleanup() => Parallelism.MaxThreads = _savedThreads;

    /// <summary>A step with plain SGD at the job's width.</summary>
    [Benchmark]
    public double SgdStep() => _sgd.TrainBatch(_inputs, _targets, Batch);
}
