using BenchmarkDotNet.Attributes;
using VectorNN.Bench.Kernels;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Training;

namespace VectorNN.Bench.Training;

/// <summary>
/// One training step of the Fashion-MNIST network 784-256-128-10 (ReLU, softmax cross-entropy), float, on one thread:
/// forward and backward GEMMs, finite checks and an SGD or Adam update of the 235,146 parameters.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class MlpStepBench
{
    private float[] _inputs = null!;
    private float[] _targets = null!;
    private Trainer<float> _sgd = null!;
    private Trainer<float> _adam = null!;

    /// <summary>Samples per step.</summary>
    [Params(32, 128, 512)]
    public int Batch { get; set; }

    /// <summary>Builds the networks and a batch of random inputs with one-hot targets.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _inputs = Operands.Random<float>(Batch * 784, 1);
        _targets = new float[Batch * 10];
        for (int s = 0; s < Batch; s++)
        {
            _targets[(s * 10) + (s % 10)] = 1;
        }

        _sgd = Create(new Sgd<float>(0.01));
        _adam = Create(new Adam<float>(1e-3));
    }

    /// <summary>A step with plain SGD.</summary>
    [Benchmark(Baseline = true)]
    public double SgdStep() => _sgd.TrainBatch(_inputs, _targets, Batch);

    /// <summary>A step with Adam.</summary>
    [Benchmark]
    public double AdamStep() => _adam.TrainBatch(_inputs, _targets, Batch);

    private Trainer<float> Create(Optimizer<float> optimizer)
    {
        var network = new Network<float>(
            784, new LayerSpec(256, Activation.Relu), new LayerSpec(128, Activation.Relu), new LayerSpec(10, Activation.Softmax));
        network.Initialize(new WeightInit.He(), seed: 1);
        return new Trainer<float>(network, optimizer, new TrainingOptions { Loss = Loss.CrossEntropy, BatchSize = Batch });
    }
}
