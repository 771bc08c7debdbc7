using BenchmarkDotNet.Attributes;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using VectorNN.Bench.Configs;
using VectorNN.Kernels;
using VectorNN.Kernels.Reference;

namespace VectorNN.Bench.Kernels;

/// <summary>Square double C = A B: half the lanes per register, so about half the float rate is the expectation.</summary>
[MemoryDiagnoser]
[Config(typeof(GflopsConfig))]
public class GemmDoubleBench : IFlopCounted
{
    private double[] _a = [];
    private double[] _b = [];
    private double[] _c = [];
    private Matrix<double> _ma = null!;
    private Matrix<double> _mb = null!;
    private Matrix<double> _mc = null!;

    /// <summary>The size of A, B and C.</summary>
    [Params(128, 512)]
    public int N { get; set; }

    /// <inheritdoc />
    public double Flops => 2.0 * N * N * N;

    /// <summary>Creates the operands and selects MathNet's managed provider.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Control.UseManaged();
        _a = GemmOperands.Double(N * N, 1);
        _b = GemmOperands.Double(N * N, 2);
        _c = new double[N * N];
        _ma = Matrix<double>.Build.Dense(N, N, _a);
        _mb = Matrix<double>.Build.Dense(N, N, _b);
        _mc = Matrix<double>.Build.Dense(N, N);
    }

    /// <summary>The textbook loop.</summary>
    [Benchmark(Baseline = true)]
    public void Naive() => NaiveGemm.Multiply<double>(_a, MatrixTranspose.None, _b, MatrixTranspose.None, N, N, N, _c);

    /// <summary>The blocked, packed GEMM.</summary>
    [Benchmark]
    public void VectorNN() => Gemm.Multiply<double>(_a, MatrixTranspose.None, _b, MatrixTranspose.None, N, N, N, _c);

    /// <summary>MathNet.Numerics' managed matrix product.</summary>
    [Benchmark]
    public void MathNet() => _ma.Multiply(_mb, _mc);
}
