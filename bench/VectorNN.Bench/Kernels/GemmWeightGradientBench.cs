using BenchmarkDotNet.Attributes;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using VectorNN.Bench.Configs;
using VectorNN.Kernels;
using VectorNN.Kernels.Reference;

namespace VectorNN.Bench.Kernels;

/// <summary>
/// A dense layer's weight gradient dW [out x in] += dY^T X with dY [batch x out] and X [batch x in] (the TN shape),
/// for the first layer of an MNIST-sized MLP: batch 128, 784 -> 256.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GflopsConfig))]
public class GemmWeightGradientBench : IFlopCounted
{
    private const int Batch = 128;
    private const int In = 784;
    private const int Out = 256;

    private readonly float[] _dy = GemmOperands.Single(Batch * Out, 1);
    private readonly float[] _x = GemmOperands.Single(Batch * In, 2);
    private readonly float[] _dw = new float[Out * In];
    private Matrix<float> _mdy = null!;
    private Matrix<float> _mx = null!;
    private Matrix<float> _mdw = null!;

    /// <inheritdoc />
    public double Flops => 2.0 * Out * In * Batch;

    /// <summary>Creates MathNet's copies and selects its managed provider.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Control.UseManaged();
        _mdy = Matrix<float>.Build.Dense(Batch, Out, _dy);
        _mx = Matrix<float>.Build.Dense(Batch, In, _x);
        _mdw = Matrix<float>.Build.Dense(Out, In);
    }

    /// <summary>The textbook loop.</summary>
    [Benchmark(Baseline = true)]
    public void Naive() =>
        NaiveGemm.MultiplyAccumulate<float>(_dy, MatrixTranspose.Transposed, _x, MatrixTranspose.None, Out, In, Batch, _dw);

    /// <summary>The blocked, packed GEMM.</summary>
    [Benchmark]
    public void VectorNN() =>
        Gemm.MultiplyAccumulate<float>(_dy, MatrixTranspose.Transposed, _x, MatrixTranspose.None, Out, In, Batch, _dw);

    /// <summary>MathNet.Numerics' managed dY^T X (it has no accumulating form, so this is the product alone).</summary>
    [Benchmark]
    public void MathNet() => _mdy.TransposeThisAndMultiply(_mx, _mdw);
}
