using BenchmarkDotNet.Attributes;
using VectorNN.Kernels;
using VectorNN.Bench.Kernels.Reference;

namespace VectorNN.Bench.Kernels;

/// <summary>
/// The weight gradient of a 784-256 dense layer over a mini-batch, dW [256 x 784] += dY^T X: one rank-1 update per
/// sample (what an online-SGD loop does) against one batched GEMM.
/// </summary>
[MemoryDiagnoser]
public class GradientAccumulationBench
{
    private const int Out = 256;
    private const int In = 784;
    private float[] _dy = [];
    private float[] _x = [];
    private readonly float[] _dw = new float[Out * In];

    /// <summary>Samples in the mini-batch.</summary>
    [Params(32, 128)]
    public int Batch { get; set; }

    /// <summary>Fills the batch; deltas are small so millions of accumulations stay far from overflow.</summary>
    [GlobalSetup]
    public void Setup()
    {
        // The kernel figures are single-thread; GemmThreadsBench measures the split.
        Parallelism.MaxThreads = 1;
        _dy = Array.ConvertAll(Operands.Random<float>(Batch * Out, 1), v => v * 1e-6f);
        _x = Operands.Random<float>(Batch * In, 2);
    }

    /// <summary>Plain loops, one sample at a time.</summary>
    [Benchmark(Baseline = true)]
    public void NaivePerSample()
    {
        for (int s = 0; s < Batch; s++)
        {
            NaiveGer.Accumulate<float>(_dy.AsSpan(s * Out, Out), _x.AsSpan(s * In, In), Out, In, _dw);
        }
    }

    /// <summary>VectorNN's rank-1 update, one sample at a time.</summary>
    [Benchmark]
    public void GerPerSample()
    {
        for (int s = 0; s < Batch; s++)
        {
            Ger.Accumulate<float>(_dy.AsSpan(s * Out, Out), _x.AsSpan(s * In, In), Out, In, _dw);
        }
    }

    /// <summary>VectorNN's GEMM, the whole batch at once.</summary>
    [Benchmark]
    public void GemmBatched() =>
        Gemm.MultiplyAccumulate<float>(_dy, MatrixTranspose.Transposed, _x, MatrixTranspose.None, Out, In, Batch, _dw);
}
