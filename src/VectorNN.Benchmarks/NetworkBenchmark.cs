using BenchmarkDotNet.Attributes;
using VectorNN.Kernels;
using VectorNN.Layers;

namespace VectorNN.Benchmarks;

/// <summary>
/// The parameters both network benchmarks share: the network, the batch size and the kernel thread count, each drawn
/// from <see cref="NetworkBenchmarkSettings.Current"/>. The values are strings and integers, so BenchmarkDotNet writes
/// them into the benchmark process it starts, which therefore needs no settings of its own.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GflopsConfig))]
public abstract class NetworkBenchmark : IFlopCounted
{
    private int savedThreads;

    /// <summary>The network: a model file's path, or widths and hidden activation such as <c>784-256-10 relu</c>.</summary>
    [ParamsSource(nameof(NetworkCases))]
    public string Network { get; set; } = "";

    /// <summary>Samples per call.</summary>
    [ParamsSource(nameof(BatchSizes))]
    public int Batch { get; set; }

    /// <summary>Threads the kernels may use (<see cref="Parallelism.MaxThreads"/>).</summary>
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    /// <summary>The network case of <see cref="NetworkBenchmarkSettings.Current"/>.</summary>
    public static IEnumerable<string> NetworkCases => [Settings.NetworkCase];

    /// <summary>The batch sizes of <see cref="NetworkBenchmarkSettings.Current"/>.</summary>
    public static IEnumerable<int> BatchSizes => Settings.Batches;

    /// <summary>The thread counts of <see cref="NetworkBenchmarkSettings.Current"/>.</summary>
    public static IEnumerable<int> ThreadCounts => Settings.Threads;

    /// <inheritdoc />
    public double Flops => (double)FlopsPerSample(NetworkCase.Build(Network).Widths) * Batch;

    /// <summary>The network being measured, built by <see cref="Setup"/>.</summary>
    protected Network<float> Model { get; private set; } = null!;

    private static NetworkBenchmarkSettings Settings => NetworkBenchmarkSettings.Current ?? throw new InvalidOperationException(
        $"No network to benchmark: call {nameof(VectorNNBenchmarks)}.{nameof(VectorNNBenchmarks.Run)}(args) or set {nameof(NetworkBenchmarkSettings)}.{nameof(NetworkBenchmarkSettings.Current)} first.");

    /// <summary>Sets the kernels' thread count, builds the network and lets the derived class prepare its buffers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        savedThreads = Parallelism.MaxThreads;
        Parallelism.MaxThreads = Threads;
        Model = NetworkCase.Build(Network);
        Prepare();
    }

    /// <summary>Restores the kernels' thread count.</summary>
    [GlobalCleanup]
    public void Cleanup() => Parallelism.MaxThreads = savedThreads;

    /// <summary>Operations of one sample of the benchmarked call (<see cref="FlopCount"/>).</summary>
    /// <param name="widths">The network's input width then each layer's width.</param>
    protected abstract long FlopsPerSample(ReadOnlySpan<int> widths);

    /// <summary>Allocates what the benchmarked call needs, once <see cref="Model"/> exists.</summary>
    protected abstract void Prepare();

    /// <summary><paramref name="count"/> values uniform in [-1, 1), the same for every run.</summary>
    protected static float[] RandomValues(int count)
    {
        var random = new Random(1);
        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (random.NextSingle() * 2) - 1;
        }

        return values;
    }
}
