using BenchmarkDotNet.Attributes;
using VectorNN.Kernels.Int8;
using VectorNN.Tests.Oracles;

namespace VectorNN.Bench.Kernels;

/// <summary>
/// The int8 products of a 784-256 layer (activation rows of 832 bytes as the quantized network stores them, weights
/// packed once as it packs them, 200 KB) on every instruction set this machine runs: one sample (the 1 x 4-panel tile)
/// and a batch of 64 (6-sample tiles), single thread, against the plain integer loop.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class Int8GemmBench
{
    private const int Rows = 256;
    private const int Inputs = 784;
    private const int Columns = 832;
    private const int Batch = 64;
    private readonly byte[] _x = Random(Batch * Columns, 1, b => (byte)b);
    private readonly sbyte[] _w = Random(Rows * Columns, 2, b => (sbyte)Math.Max(b - 128, -127));
    private readonly int[] _y = new int[Batch * Rows];
    private Int8PackedWeights _packed = null!;
    private readonly long[] _naive = new long[Batch * Rows];

    /// <summary>The instruction sets this process supports.</summary>
    public static IEnumerable<Int8InstructionSet> SupportedSets() => Enum.GetValues<Int8InstructionSet>().Where(Int8Gemm.IsSupported);

    /// <summary>The instruction set under test.</summary>
    [ParamsSource(nameof(SupportedSets))]
    public Int8InstructionSet Set { get; set; }

    /// <summary>Packs the weights as the quantized network does when it is built.</summary>
    [GlobalSetup]
    public void Setup() => _packed = new Int8PackedWeights(_w, Rows, Inputs, Columns);

    /// <summary>The plain 64-bit integer loop, one sample.</summary>
    [Benchmark(Baseline = true)]
    public void NaiveOneSample() => NaiveInt8Gemm.Multiply(_x.AsSpan(0, Columns), _w, 1, Rows, Columns, _naive);

    /// <summary>One sample: y = W x.</summary>
    [Benchmark]
    public void OneSample() => Int8Gemm.Multiply(Set, _x, Columns, _packed, 1, _y, Rows);

    /// <summary>64 samples (time per sample).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void Batch64() => Int8Gemm.Multiply(Set, _x, Columns, _packed, Batch, _y, Rows);

    private static T[] Random<T>(int length, int seed, Func<int, T> map)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => map(random.Next(256)))];
    }
}
