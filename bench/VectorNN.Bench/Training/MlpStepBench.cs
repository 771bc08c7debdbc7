using BenchmarkDotNet.Attributes;
using VectorNN.Kernels;
using VectorNN.Optim;
using VectorNN.Training;

namespace VectorNN.Bench.Training;

/// <summary>
/// One training step of the Fashion-MNIST network 784-256-128-10 (ReLU, softmax cross-entropy), float: forward and
/// backward GEMMs, finite checks and an SGD or Adam update of the 235,146 parameters, on 1 and 2 kernel threads
/// (<see cref="Parallelism.MaxThreads"/>). The naive and MathNet baselines are single-threaded, so they are in
/// <see cref="MlpStepBaselineBench"/>, which has no thread parameter, rather than here, where they would repeat the
/// same figure in every Threads row.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class MlpStepBench
{
    private float[] _inputs = null!;
    private float[] _targets = null!;
    private Trainer<float> _sgd = null!;
    private Trainer<float> _adam = null!;
    private int _savedThreads;

    /// <summary>Samples per step.</summary>
    [Params(32, 128, 512)]
    public int Batch { get; set; }

    /// <summary>Threads the kernels may use (<see cref="Parallelism.MaxThreads"/>).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Sets the kernels' thread count and builds the networks and a batch of random inputs with one-hot targets.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _savedThreads = Parallelism.MaxThreads;
        Parallelism.MaxThreads = Threads;
        _inputs = MlpProblem.Inputs(Batch);
        _targets = MlpProblem.Targets(Batch);
        _sgd = MlpProblem.SgdTrainer(Batch);
        _adam = MlpProblem.Trainer(new Adam<float>(1e-3), Batch);
    }

    /// <summary>Restores the kernels' thread count.</summary>
    [GlobalCleanup]
    public void Cleanup() => Parallelism.MaxThreads = _savedThreads;

    /// <summary>A step with plain SGD.</summary>
    [Benchmark(Baseline = true)]
    public double SgdStep() => _sgd.TrainBatch(_inputs, _targets, Batch);

    /// <summary>A step with Adam.</summary>
    [Benchmark]
    public double AdamStep() => _adam.TrainBatch(_inputs, _targets, Batch);
}
