using BenchmarkDotNet.Attributes;
using System.Numerics.Tensors;
using VectorNN.Kernels;
using VectorNN.Bench.Kernels.Reference;

namespace VectorNN.Bench.Kernels;

/// <summary>The batch-1 weight gradient of a 784-256 dense layer: dW [256 x 784] += d x^T.</summary>
[MemoryDiagnoser]
public class GerBench
{
    private const int Rows = 256;
    private const int Columns = 784;
    private readonly float[] _w = Operands.Random<float>(Rows * Columns, 1);
    private readonly float[] _x = Operands.Random<float>(Columns, 2);

    // Small enough that repeated accumulation over millions of invocations stays far from overflow.
    private readonly float[] _d = Array.ConvertAll(Operands.Random<float>(Rows, 3), v => v * 1e-6f);

    /// <summary>A plain double loop.</summary>
    [Benchmark(Baseline = true)]
    public void Naive() => NaiveGer.Accumulate<float>(_d, _x, Rows, Columns, _w);

    /// <summary>VectorNN's rank-1 update.</summary>
    [Benchmark]
    public void VectorNN() => Ger.Accumulate<float>(_d, _x, Rows, Columns, _w);

    /// <summary>One TensorPrimitives.MultiplyAdd per row.</summary>
    [Benchmark]
    public void TensorPrimitivesRows()
    {
        Span<float> w = _w;
        for (int r = 0; r < Rows; r++)
        {
            Span<float> row = w.Slice(r * Columns, Columns);
            TensorPrimitives.MultiplyAdd(_x, _d[r], row, row);
        }
    }
}
