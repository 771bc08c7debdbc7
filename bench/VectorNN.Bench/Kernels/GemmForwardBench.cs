using BenchmarkDotNet.Attributes;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using VectorNN.Bench.Configs;
using VectorNN.Kernels;
using VectorNN.Kernels.Reference;

namespace VectorNN.Bench.Kernels;

/// <summary>
/// A dense layer's forward product Y [batch x out] = X [batch x in] W^T with W stored [out x in] (the NT shape,
/// Linear without its bias), at the shapes of an MNIST-sized MLP: batch 128, 784 -> 256 -> 128 -> 10.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GflopsConfig))]
public class GemmForwardBench : IFlopCounted
{
    private float[] _x = [];
    private float[] _w = [];
    private float[] _y = [];
    private Matrix<float> _mx = null!;
    private Matrix<float> _mw = null!;
    private Matrix<float> _my = null!;
    private int _batch;
    private int _in;
    private int _out;

    /// <summary>The shape m x k x n: batch x inFeatures x outFeatures.</summary>
    [Params("128x784x256", "128x256x128", "128x128x10")]
    public string Shape { get; set; } = "128x784x256";

    /// <inheritdoc />
    public double Flops
    {
        get
        {
            int[] d = Array.ConvertAll(Shape.Split('x'), int.Parse);
            return 2.0 * d[0] * d[1] * d[2];
        }
    }

    /// <summary>Creates the operands and selects MathNet's managed provider.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Control.UseManaged();
        int[] d = Array.ConvertAll(Shape.Split('x'), int.Parse);
        (_batch, _in, _out) = (d[0], d[1], d[2]);
        _x = GemmOperands.Single(_batch * _in, 1);
        _w = GemmOperands.Single(_out * _in, 2);
        _y = new float[_batch * _out];
        _mx = Matrix<float>.Build.Dense(_batch, _in, _x);
        _mw = Matrix<float>.Build.Dense(_out, _in, _w);
        _my = Matrix<float>.Build.Dense(_batch, _out);
    }

    /// <summary>The textbook loop.</summary>
    [Benchmark(Baseline = true)]
    public void Naive() =>
        NaiveGemm.Multiply<float>(_x, MatrixTranspose.None, _w, MatrixTranspose.Transposed, _batch, _out, _in, _y);

    /// <summary>The blocked, packed GEMM.</summary>
    [Benchmark]
    public void VectorNN() =>
        Gemm.Multiply<float>(_x, MatrixTranspose.None, _w, MatrixTranspose.Transposed, _batch, _out, _in, _y);

    /// <summary>MathNet.Numerics' managed X W^T.</summary>
    [Benchmark]
    public void MathNet() => _mx.TransposeAndMultiply(_mw, _my);
}
