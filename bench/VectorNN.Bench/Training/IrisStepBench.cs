using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Training;

namespace VectorNN.Bench.Training;

/// <summary>
/// One online SGD step of the Iris tutorial's network (4-5-3, tanh hidden, softmax output, half squared error, learning
/// rate 0.05): forward, back-propagation through the full softmax Jacobian, finite checks and the update. VectorNN in
/// float and double, beside the same step as naive scalar loops (<see cref="NaiveIris"/>, the ratio baseline) and with
/// MathNet.Numerics (<see cref="MathNetIris"/>). All run on one thread: the network is far too small to split.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class IrisStepBench
{
    private const double LearningRate = 0.05;
    private readonly float[] _input = [5.1f, 3.5f, 1.4f, 0.2f];
    private readonly float[] _target = [1, 0, 0];
    private readonly double[] _inputDouble = [5.1, 3.5, 1.4, 0.2];
    private readonly double[] _targetDouble = [1, 0, 0];
    private Trainer<float> _trainer = null!;
    private Trainer<double> _trainerDouble = null!;
    private NaiveIris _naive = null!;
    private MathNetIris _mathNet = null!;
    private Vector<float> _inputVector = null!;
    private Vector<float> _targetVector = null!;

    /// <summary>
    /// Builds the networks with the tutorial's uniform +-0.01 initialization, the baselines from the same parameters,
    /// and checks on fresh copies that two steps of each baseline match VectorNN's (<see cref="BaselineCheck"/>).
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        MathNetMlp.UseManagedSingleThreaded();
        _inputVector = Vector<float>.Build.DenseOfArray(_input);
        _targetVector = Vector<float>.Build.DenseOfArray(_target);
        _trainer = Create<float>();
        _trainerDouble = Create<double>();
        float[] initial = _trainer.Network.GetParameters();
        _naive = new NaiveIris(initial, (float)LearningRate);
        _mathNet = new MathNetIris(initial, (float)LearningRate);

        Trainer<float> naiveReference = Create<float>();
        var naive = new NaiveIris(initial, (float)LearningRate);
        BaselineCheck.RequireSameSteps(
            nameof(NaiveIris), initial, naiveReference, () => naiveReference.TrainBatch(_input, _target, 1),
            () => naive.Step(_input, _target), naive.GetParameters);
        Trainer<float> mathNetReference = Create<float>();
        var mathNet = new MathNetIris(initial, (float)LearningRate);
        BaselineCheck.RequireSameSteps(
            nameof(MathNetIris), initial, mathNetReference, () => mathNetReference.TrainBatch(_input, _target, 1),
            () => mathNet.Step(_inputVector, _targetVector), mathNet.GetParameters);
    }

    /// <summary>The step as naive scalar loops over float arrays.</summary>
    [Benchmark(Baseline = true)]
    public double Naive() => _naive.Step(_input, _target);

    /// <summary>The step with MathNet.Numerics vectors and matrices (managed provider).</summary>
    [Benchmark]
    public double MathNet() => _mathNet.Step(_inputVector, _targetVector);

    /// <summary>The step in float.</summary>
    [Benchmark]
    public double StepFloat() => _trainer.TrainBatch(_input, _target, 1);

    /// <summary>The step in double.</summary>
    [Benchmark]
    public double StepDouble() => _trainerDouble.TrainBatch(_inputDouble, _targetDouble, 1);

    private static Trainer<T> Create<T>()
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        var network = new Network<T>(4, new LayerSpec(5, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Uniform(-0.01, 0.01), seed: 3);
        return new Trainer<T>(network, new Sgd<T>(LearningRate), new TrainingOptions { Loss = Loss.HalfSumSquaredError });
    }
}
