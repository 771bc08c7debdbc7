using BenchmarkDotNet.Attributes;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using VectorNN.Benchmarks;
using VectorNN.Kernels;
using VectorNN.Bench.Kernels.Reference;

namespace VectorNN.Bench.Kernels;

/// <summary>
/// The products of an MNIST-sized MLP (batch 128, 784 -> 256 -> 128 -> 10) in float. "NT" is a layer's forward
/// product Y [batch x out] = X [batch x in] W^T with W stored [out x in] (Linear without its bias); "TN+" is the
/// first layer's weight gradient dW [256 x 784] += dY^T X with dY [128 x 256] and X [128 x 784]. Shapes are
/// m x k x n.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GflopsConfig))]
public class GemmMlpBench : IFlopCounted
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];
    private Matrix<float> _ma = null!;
    private Matrix<float> _mb = null!;
    private Matrix<float> _mc = null!;
    private int _m;
    private int _n;
    private int _k;
    private bool _weightGradient;

    /// <summary>The product and its shape m x k x n.</summary>
    [Params("NT 128x784x256", "NT 128x256x128", "NT 128x128x10", "TN+ 256x128x784")]
    public string Case { get; set; } = "NT 128x784x256";

    /// <inheritdoc />
    public double Flops
    {
        get
        {
            Parse();
            return 2.0 * _m * _n * _k;
        }
    }

    private MatrixTranspose TransposeA => _weightGradient ? MatrixTranspose.Transposed : MatrixTranspose.None;

    private MatrixTranspose TransposeB => _weightGradient ? MatrixTranspose.None : MatrixTranspose.Transposed;

    /// <summary>Creates the operands, stored as the transposes say, and selects MathNet's managed provider.</summary>
    [GlobalSetup]
    public void Setup()
    {
        // The kernel figures are single-thread; GemmThreadsBench measures the split.
        Parallelism.MaxThreads = 1;
        Control.UseManaged();
        Parse();
        _a = Operands.Random<float>(_m * _k, 1);
        _b = Operands.Random<float>(_k * _n, 2);
        _c = new float[_m * _n];
        _ma = _weightGradient ? Matrix<float>.Build.Dense(_k, _m, _a) : Matrix<float>.Build.Dense(_m, _k, _a);
        _mb = _weightGradient ? Matrix<float>.Build.Dense(_k, _n, _b) : Matrix<float>.Build.Dense(_n, _k, _b);
        _mc = Matrix<float>.Build.Dense(_m, _n);
    }

    /// <summary>The textbook loop.</summary>
    [Benchmark(Baseline = true)]
    public void Naive()
    {
        if (_weightGradient)
        {
            NaiveGemm.MultiplyAccumulate<float>(_a, TransposeA, _b, TransposeB, _m, _n, _k, _c);
        }
        else
        {
            NaiveGemm.Multiply<float>(_a, TransposeA, _b, TransposeB, _m, _n, _k, _c);
        }
    }

    /// <summary>The blocked, packed GEMM.</summary>
    [Benchmark]
    public void VectorNN()
    {
        if (_weightGradient)
        {
            Gemm.MultiplyAccumulate<float>(_a, TransposeA, _b, TransposeB, _m, _n, _k, _c);
        }
        else
        {
            Gemm.Multiply<float>(_a, TransposeA, _b, TransposeB, _m, _n, _k, _c);
        }
    }

    /// <summary>MathNet.Numerics' managed product (it has no accumulating form, so dW is the product alone).</summary>
    [Benchmark]
    public void MathNet()
    {
        if (_weightGradient)
        {
            _ma.TransposeThisAndMultiply(_mb, _mc);
        }
        else
        {
            _ma.TransposeAndMultiply(_mb, _mc);
        }
    }

    private void Parse()
    {
        string[] parts = Case.Split(' ');
        int[] d = Array.ConvertAll(parts[1].Split('x'), int.Parse);
        (_m, _k, _n) = (d[0], d[1], d[2]);
        _weightGradient = parts[0] == "TN+";
    }
}
