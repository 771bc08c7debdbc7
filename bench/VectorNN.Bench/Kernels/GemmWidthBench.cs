using BenchmarkDotNet.Attributes;
using VectorNN.Bench.Configs;
using VectorNN.Kernels;

namespace VectorNN.Bench.Kernels;

/// <summary>
/// The same float GEMMs at each register width (<see cref="SimdWidthConfig"/>): square n = 512 and the forward
/// product of a 784-256 layer over a batch of 128, so the gain of 512-bit vectors is measured, not assumed.
/// </summary>
[Config(typeof(SimdWidthConfig))]
public class GemmWidthBench : IFlopCounted
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    /// <summary>m x k x n of C = A B^T (B stored [n x k], as a layer's weights are).</summary>
    [Params("512x512x512", "128x784x256")]
    public string Shape { get; set; } = "512x512x512";

    /// <inheritdoc />
    public double Flops => 2.0 * M * N * K;

    private int M => int.Parse(Shape.Split('x')[0]);

    private int K => int.Parse(Shape.Split('x')[1]);

    private int N => int.Parse(Shape.Split('x')[2]);

    /// <summary>Creates the operands.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _a = Operands.Random<float>(M * K, 1);
        _b = Operands.Random<float>(N * K, 2);
        _c = new float[M * N];
    }

    /// <summary>The blocked GEMM at the job's width.</summary>
    [Benchmark]
    public void VectorNN() => Gemm.Multiply<float>(_a, MatrixTranspose.None, _b, MatrixTranspose.Transposed, M, N, K, _c);
}
