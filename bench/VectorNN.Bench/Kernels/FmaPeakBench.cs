using BenchmarkDotNet.Attributes;
using VectorNN.Kernels;

namespace VectorNN.Bench.Kernels;

/// <summary>
/// The single-core FMA ceiling: GFLOP/s = <see cref="FmaThroughput.FlopsPerIteration"/> x <see cref="Iterations"/> /
/// time. GEMM results are reported as a fraction of the Vector512 figure.
/// </summary>
[MemoryDiagnoser]
public class FmaPeakBench
{
    /// <summary>Iterations per invocation: long enough to dwarf call overhead, short enough for many samples.</summary>
    public const long Iterations = 10_000_000;

    /// <summary>The register width under test.</summary>
    [Params(VectorWidth.Vector512, VectorWidth.Vector256)]
    public VectorWidth Width { get; set; }

    /// <summary>Twelve independent FMA chains.</summary>
    [Benchmark]
    public float Chains() => FmaThroughput.Run(Width, Iterations);
}
