using BenchmarkDotNet.Attributes;
using VectorNN.Benchmarks;
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
    private int _m;
    private int _k;
    private int _n;

    /// <summary>m x k x n of C = A B^T (B stored [n x k], as a layer's weights are).</summary>
    [Params("512x512x512", "128x784x256")]
    public string Shape { get; set; } = "512x512x512";

    /// <inheritdoc />
    public double Flops
    {
        get
        {
            int[] d = Dimensions();
            return 2.0 * d[0] * d[1] * d[2];
        }
    }

    /// <summary>Parses the shape once and creates the operands, so the measured call does nothing else.</summary>
    [GlobalSetup]
    public void Setup()
    {
        // The kernel figures are single-thread; GemmThreadsBench measures the split.
        Parallelism.MaxThreads = 1;
        int[] d = Dimensions();
        (_m, _k, _n) = (d[0], d[1], d[2]);
        _a = Operands.Random<float>(_m * _k, 1);
        _b = Operands.Random<float>(_n * _k, 2);
        _c = new float[_m * _n];
    }

    /// <summary>The blocked GEMM at the job's width.</summary>
    [Benchmark]
    public void VectorNN() => Gemm.Multiply<float>(_a, MatrixTranspose.None, _b, MatrixTranspose.Transposed, _m, _n, _k, _c);

    private int[] Dimensions() => Array.ConvertAll(Shape.Split('x'), int.Parse);
}
