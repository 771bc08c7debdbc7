using BenchmarkDotNet.Attributes;
using VectorNN.Bench.Training;
using VectorNN.Kernels;
using VectorNN.Layers;
using VectorNN.Quantization;

namespace VectorNN.Bench.Layers;

/// <summary>
/// Inference of the 784-256-128-10 network (ReLU, softmax) in int8 against float, one sample and a batch of 1024, on
/// one and on two threads (a batch splits into blocks of 48 samples over the worker threads; one sample stays on the
/// calling thread).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class QuantizedInferenceBench
{
    private readonly float[] _inputs = MlpProblem.Inputs(1024);
    private readonly float[] _outputs = new float[1024 * 10];
    private Network<float> _network = null!;
    private QuantizedNetwork _quantized = null!;
    private int _savedThreads;

    /// <summary>Threads the kernels may use.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Sets the kernels' thread count and quantizes the network.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _savedThreads = Parallelism.MaxThreads;
        Parallelism.MaxThreads = Threads;
        _network = MlpProblem.Network();
        _quantized = Quantizer.Quantize(_network);
    }

    /// <summary>Restores the kernels' thread count.</summary>
    [GlobalCleanup]
    public void Cleanup() => Parallelism.MaxThreads = _savedThreads;

    /// <summary>One sample, float.</summary>
    [Benchmark(Baseline = true)]
    public void FloatOneSample() => _network.Predict(_inputs.AsSpan(0, 784), _outputs.AsSpan(0, 10));

    /// <summary>One sample, int8.</summary>
    [Benchmark]
    public void Int8OneSample() => _quantized.Predict(_inputs.AsSpan(0, 784), _outputs.AsSpan(0, 10));

    /// <summary>1024 samples, float (time per sample).</summary>
    [Benchmark(OperationsPerInvoke = 1024)]
    public void FloatBatch1024() => _network.Predict(_inputs, 1024, _outputs);

    /// <summary>1024 samples, int8 (time per sample).</summary>
    [Benchmark(OperationsPerInvoke = 1024)]
    public void Int8Batch1024() => _quantized.Predict(_inputs, 1024, _outputs);
}
