using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using VectorNN.Kernels;
using VectorNN.Bench.Kernels.Reference;

namespace VectorNN.Bench.Kernels;

/// <summary>
/// Row-wise softmax in float over a classifier's output, 128 rows (a batch) of 10 classes, with logits in [-10, 10]:
/// VectorNN against its scalar twin (baseline) and <see cref="TensorPrimitives.SoftMax{T}"/> called once per row.
/// </summary>
[MemoryDiagnoser]
public class ActivationsSoftmaxBench
{
    private const int Rows = 128;
    private const int Columns = 10;

    private float[] _x = [];
    private float[] _y = [];

    /// <summary>Fills the logits.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _x = Enumerable.Range(0, Rows * Columns).Select(_ => (float)(random.NextDouble() * 20 - 10)).ToArray();
        _y = new float[Rows * Columns];
    }

    /// <summary>Scalar softmax via MathF.</summary>
    [Benchmark(Baseline = true)]
    public void SoftmaxNaive() => NaiveActivations.Softmax<float>(_x, Rows, Columns, _y);

    /// <summary>VectorNN softmax.</summary>
    [Benchmark]
    public void Softmax() => ActivationKernels.Softmax<float>(_x, Rows, Columns, _y);

    /// <summary>TensorPrimitives softmax, one call per row.</summary>
    [Benchmark]
    public void SoftmaxTensorPrimitives()
    {
        for (int r = 0; r < Rows; r++)
        {
            TensorPrimitives.SoftMax(_x.AsSpan(r * Columns, Columns), _y.AsSpan(r * Columns, Columns));
        }
    }
}
