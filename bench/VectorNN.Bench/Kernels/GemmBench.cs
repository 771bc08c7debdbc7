using BenchmarkDotNet.Attributes;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using VectorNN.Bench.Configs;
using VectorNN.Kernels;
using VectorNN.Kernels.Reference;

namespace VectorNN.Bench.Kernels;

/// <summary>
/// Square float C = A B against the naive triple loop and MathNet's managed provider. n = 1024 is in
/// <see cref="GemmLargeBench"/>, without the baselines, which would take minutes there.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GflopsConfig))]
public class GemmBench : IFlopCounted
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];
    private Matrix<float> _ma = null!;
    private Matrix<float> _mb = null!;
    private Matrix<float> _mc = null!;

    /// <summary>The size of A, B and C.</summary>
    [Params(64, 128, 256, 512)]
    public int N { get; set; }

    /// <inheritdoc />
    public double Flops => 2.0 * N * N * N;

    /// <summary>Creates the operands and selects MathNet's managed provider.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Control.UseManaged();
        _a = GemmOperands.Single(N * N, 1);
        _b = GemmOperands.Single(N * N, 2);
        _c = new float[N * N];
        _ma = Matrix<float>.Build.Dense(N, N, _a);
        _mb = Matrix<float>.Build.Dense(N, N, _b);
        _mc = Matrix<float>.Build.Dense(N, N);
    }

    /// <summary>The textbook loop.</summary>
    [Benchmark(Baseline = true)]
    public void Naive() => NaiveGemm.Multiply<float>(_a, MatrixTranspose.None, _b, MatrixTranspose.None, N, N, N, _c);

    /// <summary>The blocked, packed GEMM.</summary>
    [Benchmark]
    public void VectorNN() => Gemm.Multiply<float>(_a, MatrixTranspose.None, _b, MatrixTranspose.None, N, N, N, _c);

    /// <summary>MathNet.Numerics' managed matrix product.</summary>
    [Benchmark]
    public void MathNet() => _ma.Multiply(_mb, _mc);
}
