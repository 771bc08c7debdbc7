using BenchmarkDotNet.Attributes;
using System.Numerics.Tensors;
using VectorNN.Kernels;
using VectorNN.Bench.Kernels.Reference;

namespace VectorNN.Bench.Kernels;

/// <summary>Dot product and axpy at an L1-resident and an L2-resident length.</summary>
[MemoryDiagnoser]
public class ReduceBench
{
    private float[] _x = [];
    private float[] _y = [];

    /// <summary>Vector length.</summary>
    [Params(1024, 32768)]
    public int Length { get; set; }

    /// <summary>Fills the inputs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _x = Operands.Random<float>(Length, 1);
        _y = Operands.Random<float>(Length, 2);
    }

    /// <summary>Left-to-right scalar dot product.</summary>
    [Benchmark(Baseline = true)]
    public float NaiveDot() => NaiveReduce.Dot<float>(_x, _y);

    /// <summary>VectorNN's dot product.</summary>
    [Benchmark]
    public float VectorNNDot() => Reduce.Dot<float>(_x, _y);

    /// <summary>TensorPrimitives' dot product.</summary>
    [Benchmark]
    public float TensorPrimitivesDot() => TensorPrimitives.Dot(_x, _y);

    /// <summary>VectorNN's axpy (alpha 0 keeps y unchanged across invocations).</summary>
    [Benchmark]
    public void VectorNNAxpy() => ElementWise.AccumulateScaled<float>(_x, 0f, _y);

    /// <summary>TensorPrimitives' fused multiply-add into y.</summary>
    [Benchmark]
    public void TensorPrimitivesAxpy() => TensorPrimitives.MultiplyAdd(_x, 0f, _y, _y);
}
