using BenchmarkDotNet.Attributes;
using VectorNN.Benchmarks;
using VectorNN.Kernels;

namespace VectorNN.Bench.Kernels;

/// <summary>Float GEMM on one and on two threads: square n = 512 and the forward and gradient shapes of the MLP.</summary>
[MemoryDiagnoser]
[Config(typeof(GflopsConfig))]
public class GemmThreadsBench : IFlopCounted
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];
    private int _m, _n, _k;
    private MatrixTranspose _ta, _tb;

    /// <summary>The shape: op(A) [m x k] times op(B) [k x n], "NN" or "NT" or "TN" for the transposes.</summary>
    [Params("NN 512x512x512", "NT 128x784x256", "TN 256x784x128")]
    public string Shape { get; set; } = "";

    /// <summary>Threads the kernel may use.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <inheritdoc />
    public double Flops
    {
        get
        {
            // Parsed from the parameter, not the fields: the column asks an instance that never ran the setup.
            int[] dims = Array.ConvertAll(Shape.Split(' ')[1].Split('x'), int.Parse);
            return 2.0 * dims[0] * dims[1] * dims[2];
        }
    }

    /// <summary>Parses the shape and creates the operands.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Parallelism.MaxThreads = Threads;
        string[] parts = Shape.Split(' ');
        int[] dims = Array.ConvertAll(parts[1].Split('x'), int.Parse);
        (_m, _n, _k) = (dims[0], dims[1], dims[2]);
        _ta = parts[0][0] == 'T' ? MatrixTranspose.Transposed : MatrixTranspose.None;
        _tb = parts[0][1] == 'T' ? MatrixTranspose.Transposed : MatrixTranspose.None;
        _a = Operands.Random<float>(_m * _k, 1);
        _b = Operands.Random<float>(_k * _n, 2);
        _c = new float[_m * _n];
    }

    /// <summary>C = op(A) op(B).</summary>
    [Benchmark]
    public void VectorNN() => Gemm.Multiply<float>(_a, _ta, _b, _tb, _m, _n, _k, _c);
}
