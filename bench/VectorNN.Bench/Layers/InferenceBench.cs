using BenchmarkDotNet.Attributes;
using VectorNN.Bench.Kernels;
using VectorNN.Layers;

namespace VectorNN.Bench.Layers;

/// <summary>Inference of the 784-256-128-10 network (ReLU, softmax), float, one thread: one sample and a batch of 1024.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class InferenceBench
{
    private readonly float[] _inputs = Operands.Random<float>(1024 * 784, 1);
    private readonly float[] _outputs = new float[1024 * 10];
    private Network<float> _network = null!;

    /// <summary>Builds the network.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _network = new Network<float>(
            784, new LayerSpec(256, Activation.Relu), new LayerSpec(128, Activation.Relu), new LayerSpec(10, Activation.Softmax));
        _network.Initialize(new WeightInit.He(), seed: 1);
    }

    /// <summary>One sample through the matrix-vector path.</summary>
    [Benchmark(Baseline = true)]
    public void OneSample() => _network.Predict(_inputs.AsSpan(0, 784), _outputs.AsSpan(0, 10));

    /// <summary>1024 samples through the GEMM path.</summary>
    [Benchmark(OperationsPerInvoke = 1024)]
    public void Batch1024() => _network.Predict(_inputs, 1024, _outputs);
}
