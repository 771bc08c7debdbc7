using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using System.Numerics.Tensors;
using VectorNN.Kernels;
using VectorNN.Bench.Kernels.Reference;

namespace VectorNN.Bench.Kernels;

/// <summary>
/// The batch-1 forward pass of a 784-256 dense layer, y = W x + b with W [256 x 784] (800 KB of float, L2-resident),
/// and its input gradient g = W^T d.
/// </summary>
[MemoryDiagnoser]
public class GemvBench
{
    private const int Rows = 256;
    private const int Columns = 784;
    private readonly float[] _w = Operands.Random<float>(Rows * Columns, 1);
    private readonly float[] _x = Operands.Random<float>(Columns, 2);
    private readonly float[] _b = Operands.Random<float>(Rows, 3);
    private readonly float[] _d = Operands.Random<float>(Rows, 4);
    private readonly float[] _y = new float[Rows];
    private readonly float[] _g = new float[Columns];
    private readonly Matrix<float> _mw = Matrix<float>.Build.Dense(Rows, Columns, Operands.Random<float>(Rows * Columns, 1));
    private readonly MathNet.Numerics.LinearAlgebra.Vector<float> _mx = MathNet.Numerics.LinearAlgebra.Vector<float>.Build.Dense(Operands.Random<float>(Columns, 2));
    private readonly MathNet.Numerics.LinearAlgebra.Vector<float> _my = MathNet.Numerics.LinearAlgebra.Vector<float>.Build.Dense(Rows);

    /// <summary>Keeps the kernels on one thread: these are single-thread figures.</summary>
    [GlobalSetup]
    public void Setup() => Parallelism.MaxThreads = 1;

    /// <summary>A plain double loop.</summary>
    [Benchmark(Baseline = true)]
    public void NaiveForward() => NaiveGemv.Multiply<float>(_w, _x, _b, Rows, Columns, _y);

    /// <summary>VectorNN's GEMV.</summary>
    [Benchmark]
    public void VectorNNForward() => Gemv.Multiply<float>(_w, _x, _b, Rows, Columns, _y);

    /// <summary>One TensorPrimitives.Dot per row, as a user of that library would write it.</summary>
    [Benchmark]
    public void TensorPrimitivesForward()
    {
        ReadOnlySpan<float> w = _w;
        for (int r = 0; r < Rows; r++)
        {
            _y[r] = TensorPrimitives.Dot(w.Slice(r * Columns, Columns), _x) + _b[r];
        }
    }

    /// <summary>MathNet.Numerics' managed provider (no bias: it has no fused y = W x + b).</summary>
    [Benchmark]
    public void MathNetForward() => _mw.Multiply(_mx, _my);

    /// <summary>The input gradient, plain loop.</summary>
    [Benchmark]
    public void NaiveTransposed() => NaiveGemv.MultiplyTransposed<float>(_w, _d, Rows, Columns, _g);

    /// <summary>The input gradient, VectorNN.</summary>
    [Benchmark]
    public void VectorNNTransposed() => Gemv.MultiplyTransposed<float>(_w, _d, Rows, Columns, _g);
}
