using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using VectorNN.Kernels;
using VectorNN.Training;

namespace VectorNN.Bench.Training;

/// <summary>
/// The SGD step of <see cref="MlpStepBench"/> (784-256-128-10, ReLU, softmax cross-entropy, learning rate 0.01) three
/// ways, all on one thread: as naive scalar loops over float arrays (<see cref="NaiveMlp"/>, the ratio baseline), with
/// MathNet.Numerics matrices on its managed provider (<see cref="MathNetMlp"/>), and with VectorNN with its kernels
/// held to one thread. A class of its own because the baselines are single-threaded: <see cref="MlpStepBench"/> carries
/// the thread parameter for VectorNN.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class MlpStepBaselineBench
{
    private float[] _inputs = null!;
    private float[] _targets = null!;
    private Matrix<float> _inputColumns = null!;
    private Matrix<float> _targetColumns = null!;
    private Trainer<float> _vectorNN = null!;
    private NaiveMlp _naive = null!;
    private MathNetMlp _mathNet = null!;
    private int _savedThreads;

    /// <summary>Samples per step.</summary>
    [Params(32, 128, 512)]
    public int Batch { get; set; }

    /// <summary>
    /// Holds VectorNN's kernels and MathNet to one thread, builds the three from the same initial parameters, and
    /// checks on fresh copies that two steps of each baseline match VectorNN's (<see cref="BaselineCheck"/>).
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        _savedThreads = Parallelism.MaxThreads;
        Parallelism.MaxThreads = 1;
        MathNetMlp.UseManagedSingleThreaded();
        _inputs = MlpProblem.Inputs(Batch);
        _targets = MlpProblem.Targets(Batch);
        _inputColumns = MathNetMlp.Samples(_inputs, 784, Batch);
        _targetColumns = MathNetMlp.Samples(_targets, 10, Batch);
        _vectorNN = MlpProblem.SgdTrainer(Batch);
        float[] initial = _vectorNN.Network.GetParameters();
        _naive = new NaiveMlp(initial, Batch, (float)MlpProblem.LearningRate);
        _mathNet = new MathNetMlp(initial, Batch, (float)MlpProblem.LearningRate);

        Trainer<float> naiveReference = MlpProblem.SgdTrainer(Batch);
        var naive = new NaiveMlp(initial, Batch, (float)MlpProblem.LearningRate);
        BaselineCheck.RequireSameSteps(
            nameof(NaiveMlp), initial, naiveReference, () => naiveReference.TrainBatch(_inputs, _targets, Batch),
            () => naive.Step(_inputs, _targets, Batch), naive.GetParameters);
        Trainer<float> mathNetReference = MlpProblem.SgdTrainer(Batch);
        var mathNet = new MathNetMlp(initial, Batch, (float)MlpProblem.LearningRate);
        BaselineCheck.RequireSameSteps(
            nameof(MathNetMlp), initial, mathNetReference, () => mathNetReference.TrainBatch(_inputs, _targets, Batch),
            () => mathNet.Step(_inputColumns, _targetColumns), mathNet.GetParameters);
    }

    /// <summary>Restores the kernels' thread count.</summary>
    [GlobalCleanup]
    public void Cleanup() => Parallelism.MaxThreads = _savedThreads;

    /// <summary>The step as naive scalar loops (triple-loop matrix products).</summary>
    [Benchmark(Baseline = true)]
    public double Naive() => _naive.Step(_inputs, _targets, Batch);

    /// <summary>The step with MathNet.Numerics matrices.</summary>
    [Benchmark]
    public double MathNet() => _mathNet.Step(_inputColumns, _targetColumns);

    /// <summary>The step with VectorNN on one thread (the SgdStep of <see cref="MlpStepBench"/> at Threads = 1).</summary>
    [Benchmark]
    public double VectorNN() => _vectorNN.TrainBatch(_inputs, _targets, Batch);
}
