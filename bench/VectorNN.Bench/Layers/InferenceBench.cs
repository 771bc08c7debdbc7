using BenchmarkDotNet.Attributes;
using VectorNN.Bench.Kernels;
using VectorNN.Bench.Training;
using VectorNN.Kernels;
using VectorNN.Layers;

namespace VectorNN.Bench.Layers;

/// <summary>
/// Inference of the 784-256-128-10 network (ReLU, softmax), float, one sample and a batch of 1024, on 1 and 2 kernel
/// threads (<see cref="Parallelism.MaxThreads"/>). The single-threaded naive and MathNet baselines are in
/// <see cref="InferenceBaselineBench"/>, which has no thread parameter.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class InferenceBench
{
    private readonly float[] _inputs = Operands.Random<float>(1024 * 784, 1);
    private readonly float[] _outputs = new float[1024 * 10];
    private Network<float> _network = null!;
    private int _savedThreads;

    /// <summary>Threads the kernels may use (<see cref="Parallelism.MaxThreads"/>).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Sets the kernels' thread count and builds the network.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _savedThreads = Parallelism.MaxThreads;
        Parallelism.MaxThreads = Threads;
        _network = MlpProblem.Network();
    }

    /// <summary>Restores the kernels' thread count.</summary>
    [GlobalCleanup]
    public void Cleanup() => Parallelism.MaxThreads = _savedThreads;

    /// <summary>One sample through the matrix-vector path.</summary>
    [Benchmark(Baseline = true)]
    public void OneSample() => _network.Predict(_inputs.AsSpan(0, 784), _outputs.AsSpan(0, 10));

    /// <summary>1024 samples through the GEMM path (time per sample).</summary>
    [Benchmark(OperationsPerInvoke = 1024)]
    public void Batch1024() => _network.Predict(_inputs, 1024, _outputs);
}
