using BenchmarkDotNet.Attributes;
using VectorNN.Kernels.Int8;
using VectorNN.Tests.Oracles;

namespace VectorNN.Bench.Kernels;

/// <summary>
/// The int8 products of a 784-256 layer (weights padded to 832 columns as the quantized network stores them, 213 KB)
/// on every instruction set this machine runs: one sample (the GEMV) and a batch of 64, single thread, against the
/// plain integer loop.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class Int8GemmBench
{
    private const int Rows = 256;
    private const int Columns = 832;
    private const int Batch = 64;
    private readonly byte[] _x = Random(Batch * Columns, 1, b => (byte)b);
    private readonly sbyte[] _w = Random(Rows * Columns, 2, b => (sbyte)Math.Max(b - 128, -127));
    private readonly int[] _y = new int[Batch * Rows];
    private readonly long[] _naive = new long[Batch * Rows];

    /// <summary>The instruction sets this process supports.</summary>
    public static IEnumerable<Int8InstructionSet> SupportedSets() => Enum.GetValues<Int8InstructionSet>().Where(Int8Gemm.IsSupported);

    /// <summary>The instruction set under test.</summary>
    [ParamsSource(nameof(SupportedSets))]
    public Int8InstructionSet Set { get; set; }

    /// <summary>The plain 64-bit integer loop, one sample.</summary>
    [Benchmark(Baseline = true)]
    public void NaiveOneSample() => NaiveInt8Gemm.Multiply(_x.AsSpan(0, Columns), _w, 1, Rows, Columns, _naive);

    /// <summary>One sample: y = W x.</summary>
    [Benchmark]
    public void OneSample() => Int8Gemm.Multiply(Set, _x.AsSpan(0, Columns), _w, 1, Rows, Columns, _y);

    /// <summary>64 samples (time per sample).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void Batch64() => Int8Gemm.Multiply(Set, _x, _w, Batch, Rows, Columns, _y);

    private static T[] Random<T>(int length, int seed, Func<int, T> map)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => map(random.Next(256)))];
    }
}
