using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using VectorNN.Kernels;
using VectorNN.Bench.Kernels.Reference;

namespace VectorNN.Bench.Kernels;

/// <summary>
/// Element-wise activations in float: each kernel against its scalar twin (the baseline of its category) and, where
/// one exists, the same function in <see cref="TensorPrimitives"/>. 1024 elements stay in L1; 32768 (128 KiB per
/// span) stream from L2. For the width comparison, run with <c>--envVars DOTNET_EnableAVX512:0</c> and similar.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class ActivationsBench
{
    private float[] _x = [];
    private float[] _dy = [];
    private float[] _tanhOutput = [];
    private float[] _y = [];

    /// <summary>Gets or sets the number of elements.</summary>
    [Params(1024, 32768)]
    public int Length { get; set; }

    /// <summary>Inputs in [-5, 5], where every branch of tanh and logistic is taken, and their tanh for the backward pass.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _x = Enumerable.Range(0, Length).Select(_ => (float)(random.NextDouble() * 10 - 5)).ToArray();
        _dy = Enumerable.Range(0, Length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        _tanhOutput = _x.Select(MathF.Tanh).ToArray();
        _y = new float[Length];
    }

    /// <summary>Scalar exp via MathF.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Exp")]
    public void ExpNaive() => NaiveActivations.Exp<float>(_x, _y);

    /// <summary>VectorNN exp.</summary>
    [Benchmark, BenchmarkCategory("Exp")]
    public void Exp() => ActivationKernels.Exp<float>(_x, _y);

    /// <summary>TensorPrimitives exp.</summary>
    [Benchmark, BenchmarkCategory("Exp")]
    public void ExpTensorPrimitives() => TensorPrimitives.Exp(_x, _y);

    /// <summary>Scalar tanh via MathF.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Tanh")]
    public void TanhNaive() => NaiveActivations.Tanh<float>(_x, _y);

    /// <summary>VectorNN tanh.</summary>
    [Benchmark, BenchmarkCategory("Tanh")]
    public void Tanh() => ActivationKernels.Tanh<float>(_x, _y);

    /// <summary>TensorPrimitives tanh.</summary>
    [Benchmark, BenchmarkCategory("Tanh")]
    public void TanhTensorPrimitives() => TensorPrimitives.Tanh(_x, _y);

    /// <summary>Scalar 1 / (1 + e^-x).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Logistic")]
    public void LogisticNaive() => NaiveActivations.Logistic<float>(_x, _y);

    /// <summary>VectorNN logistic.</summary>
    [Benchmark, BenchmarkCategory("Logistic")]
    public void Logistic() => ActivationKernels.Logistic<float>(_x, _y);

    /// <summary>TensorPrimitives sigmoid.</summary>
    [Benchmark, BenchmarkCategory("Logistic")]
    public void LogisticTensorPrimitives() => TensorPrimitives.Sigmoid(_x, _y);

    /// <summary>Scalar max(x, 0).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Relu")]
    public void ReluNaive() => NaiveActivations.Relu<float>(_x, _y);

    /// <summary>VectorNN ReLU.</summary>
    [Benchmark, BenchmarkCategory("Relu")]
    public void Relu() => ActivationKernels.Relu<float>(_x, _y);

    /// <summary>TensorPrimitives max(x, 0).</summary>
    [Benchmark, BenchmarkCategory("Relu")]
    public void ReluTensorPrimitives() => TensorPrimitives.Max(_x, 0f, _y);

    /// <summary>Scalar dy * (1 - y^2); TensorPrimitives has no single call for it.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("TanhBackward")]
    public void TanhBackwardNaive() => NaiveActivations.TanhBackward<float>(_tanhOutput, _dy, _y);

    /// <summary>VectorNN tanh backward.</summary>
    [Benchmark, BenchmarkCategory("TanhBackward")]
    public void TanhBackward() => ActivationKernels.TanhBackward<float>(_tanhOutput, _dy, _y);
}
