using System.Numerics;
using BenchmarkDotNet.Attributes;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using VectorNN.Benchmarks;
using VectorNN.Kernels;
using VectorNN.Bench.Kernels.Reference;

namespace VectorNN.Bench.Kernels;

/// <summary>
/// Square C = A B against the naive triple loop and MathNet's managed provider: float at n = 64 to 512, double at
/// 128 and 512. n = 1024 is in <see cref="GemmLargeBench"/>, without the baselines, which would take minutes there.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
[MemoryDiagnoser]
[Config(typeof(GflopsConfig))]
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class GemmBench<T> : IFlopCounted
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private T[] _a = [];
    private T[] _b = [];
    private T[] _c = [];
    private Matrix<T> _ma = null!;
    private Matrix<T> _mb = null!;
    private Matrix<T> _mc = null!;

    /// <summary>The size of A, B and C.</summary>
    [ParamsSource(nameof(Sizes))]
    public int N { get; set; }

    /// <summary>The sizes measured for <typeparamref name="T"/>.</summary>
    public IEnumerable<int> Sizes => typeof(T) == typeof(float) ? [64, 128, 256, 512] : [128, 512];

    /// <inheritdoc />
    public double Flops => 2.0 * N * N * N;

    /// <summary>Creates the operands and selects MathNet's managed provider.</summary>
    [GlobalSetup]
    public void Setup()
    {
        // The kernel figures are single-thread; GemmThreadsBench measures the split.
        Parallelism.MaxThreads = 1;
        Control.UseManaged();
        _a = Operands.Random<T>(N * N, 1);
        _b = Operands.Random<T>(N * N, 2);
        _c = new T[N * N];
        _ma = Matrix<T>.Build.Dense(N, N, _a);
        _mb = Matrix<T>.Build.Dense(N, N, _b);
        _mc = Matrix<T>.Build.Dense(N, N);
    }

    /// <summary>The textbook loop.</summary>
    [Benchmark(Baseline = true)]
    public void Naive() => NaiveGemm.Multiply<T>(_a, MatrixTranspose.None, _b, MatrixTranspose.None, N, N, N, _c);

    /// <summary>The blocked, packed GEMM.</summary>
    [Benchmark]
    public void VectorNN() => Gemm.Multiply<T>(_a, MatrixTranspose.None, _b, MatrixTranspose.None, N, N, N, _c);

    /// <summary>MathNet.Numerics' managed matrix product.</summary>
    [Benchmark]
    public void MathNet() => _ma.Multiply(_mb, _mc);
}
