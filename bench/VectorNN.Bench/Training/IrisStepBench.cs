using BenchmarkDotNet.Attributes;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Training;

namespace VectorNN.Bench.Training;

/// <summary>
/// One online SGD step of the Iris tutorial's network (4-5-3, tanh hidden, softmax output, half squared error, learning
/// rate 0.05): forward, back-propagation through the full softmax Jacobian, finite checks and the update.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class IrisStepBench
{
    private readonly float[] _input = [5.1f, 3.5f, 1.4f, 0.2f];
    private readonly float[] _target = [1, 0, 0];
    private readonly double[] _inputDouble = [5.1, 3.5, 1.4, 0.2];
    private readonly double[] _targetDouble = [1, 0, 0];
    private Trainer<float> _trainer = null!;
    private Trainer<double> _trainerDouble = null!;

    /// <summary>Builds both networks with the tutorial's uniform +-0.01 initialization.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _trainer = Create<float>();
        _trainerDouble = Create<double>();
    }

    /// <summary>The step in float.</summary>
    [Benchmark(Baseline = true)]
    public double StepFloat() => _trainer.TrainBatch(_input, _target, 1);

    /// <summary>The step in double.</summary>
    [Benchmark]
    public double StepDouble() => _trainerDouble.TrainBatch(_inputDouble, _targetDouble, 1);

    private static Trainer<T> Create<T>()
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var network = new Network<T>(4, new LayerSpec(5, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Uniform(-0.01, 0.01), seed: 3);
        return new Trainer<T>(network, new Sgd<T>(0.05), new TrainingOptions { Loss = Loss.HalfSumSquaredError });
    }
}
