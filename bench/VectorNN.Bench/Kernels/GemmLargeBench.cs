using BenchmarkDotNet.Attributes;
using VectorNN.Benchmarks;
using VectorNN.Kernels;

namespace VectorNN.Bench.Kernels;

/// <summary>Square float C = A B at n = 1024, where every blocking loop runs several times; no baselines.</summary>
[MemoryDiagnoser]
[Config(typeof(GflopsConfig))]
public class GemmLargeBench : IFlopCounted
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    /// <summary>The size of A, B and C.</summary>
    [Params(1024)]
    public int N { get; set; }

    /// <inheritdoc />
    public double Flops => 2.0 * N * N * N;

    /// <summary>Creates the operands.</summary>
    [GlobalSetup]
    public void Setup()
    {
        // The kernel figures are single-thread; GemmThreadsBench measures the split.
        Parallelism.MaxThreads = 1;
        _a = Operands.Random<float>(N * N, 1);
        _b = Operands.Random<float>(N * N, 2);
        _c = new float[N * N];
    }

    /// <summary>The blocked, packed GEMM.</summary>
    [Benchmark]
    public void VectorNN() => Gemm.Multiply<float>(_a, MatrixTranspose.None, _b, MatrixTranspose.None, N, N, N, _c);
}
