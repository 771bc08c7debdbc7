using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MathNet.Numerics.LinearAlgebra;
using VectorNN.Bench.Kernels;
using VectorNN.Bench.Training;
using VectorNN.Kernels;
using VectorNN.Layers;

namespace VectorNN.Bench.Layers;

/// <summary>
/// The inference of <see cref="InferenceBench"/> (784-256-128-10, ReLU, softmax) three ways, all on one thread: naive
/// scalar loops (<see cref="NaiveMlp"/>, the ratio baseline of each group), MathNet.Numerics on its managed provider
/// (<see cref="MathNetMlp"/>) and VectorNN with its kernels held to one thread. One sample and a batch of 1024 (time per
/// sample) are separate groups, each with its own baseline. A class of its own because the baselines are
/// single-threaded: <see cref="InferenceBench"/> carries the thread parameter for VectorNN.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class InferenceBaselineBench
{
    private const int Batch = 1024;
    private readonly float[] _inputs = Operands.Random<float>(Batch * 784, 1);
    private readonly float[] _outputs = new float[Batch * 10];
    private Network<float> _network = null!;
    private NaiveMlp _naive = null!;
    private MathNetMlp _mathNet = null!;
    private Vector<float> _sample = null!;
    private Matrix<float> _inputColumns = null!;
    private int _savedThreads;

    /// <summary>
    /// Holds VectorNN's kernels and MathNet to one thread, builds the three from the same parameters, and checks that
    /// the baselines' outputs match VectorNN's for one sample and for the batch (<see cref="BaselineCheck"/>).
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        _savedThreads = Parallelism.MaxThreads;
        Parallelism.MaxThreads = 1;
        MathNetMlp.UseManagedSingleThreaded();
        _network = MlpProblem.Network();
        float[] parameters = _network.GetParameters();
        _naive = new NaiveMlp(parameters, Batch, 0f);
        _mathNet = new MathNetMlp(parameters, Batch, 0f);
        _sample = Vector<float>.Build.Dense(_inputs[..784]);
        _inputColumns = MathNetMlp.Samples(_inputs, 784, Batch);

        var expected = new float[Batch * 10];
        var actual = new float[Batch * 10];
        _network.Predict(_inputs.AsSpan(0, 784), expected.AsSpan(0, 10));
        _naive.Predict(_inputs.AsSpan(0, 784), actual.AsSpan(0, 10));
        BaselineCheck.RequireSameOutputs($"{nameof(NaiveMlp)}, one sample", expected.AsSpan(0, 10), actual.AsSpan(0, 10));
        BaselineCheck.RequireSameOutputs($"{nameof(MathNetMlp)}, one sample", expected.AsSpan(0, 10), _mathNet.Predict(_sample).ToArray());

        _network.Predict(_inputs, Batch, expected);
        _naive.Predict(_inputs, Batch, actual);
        BaselineCheck.RequireSameOutputs($"{nameof(NaiveMlp)}, batch", expected, actual);

        // MathNet's [10 x batch] column-major result has the row-major [batch x 10] layout in its storage.
        BaselineCheck.RequireSameOutputs($"{nameof(MathNetMlp)}, batch", expected, _mathNet.Predict(_inputColumns).ToColumnMajorArray());
    }

    /// <summary>Restores the kernels' thread count.</summary>
    [GlobalCleanup]
    public void Cleanup() => Parallelism.MaxThreads = _savedThreads;

    /// <summary>One sample through naive matrix-vector loops.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("OneSample")]
    public void NaiveOneSample() => _naive.Predict(_inputs.AsSpan(0, 784), _outputs.AsSpan(0, 10));

    /// <summary>One sample through MathNet matrix-vector products.</summary>
    [Benchmark]
    [BenchmarkCategory("OneSample")]
    public Vector<float> MathNetOneSample() => _mathNet.Predict(_sample);

    /// <summary>One sample through VectorNN's matrix-vector path.</summary>
    [Benchmark]
    [BenchmarkCategory("OneSample")]
    public void VectorNNOneSample() => _network.Predict(_inputs.AsSpan(0, 784), _outputs.AsSpan(0, 10));

    /// <summary>1024 samples through naive triple-loop matrix products (time per sample).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    [BenchmarkCategory("Batch1024")]
    public void NaiveBatch1024() => _naive.Predict(_inputs, Batch, _outputs);

    /// <summary>1024 samples through MathNet matrix products (time per sample).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory("Batch1024")]
    public Matrix<float> MathNetBatch1024() => _mathNet.Predict(_inputColumns);

    /// <summary>1024 samples through VectorNN's GEMM path (time per sample).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    [BenchmarkCategory("Batch1024")]
    public void VectorNNBatch1024() => _network.Predict(_inputs, Batch, _outputs);
}
