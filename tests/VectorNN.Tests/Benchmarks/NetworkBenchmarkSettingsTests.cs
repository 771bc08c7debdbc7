using VectorNN.Benchmarks;
using VectorNN.Layers;
using Xunit;

namespace VectorNN.Tests.Benchmarks;

/// <summary>
/// The command line of <see cref="VectorNNBenchmarks.Run"/> and the parameter values the network benchmarks draw from
/// it. Nothing here runs a benchmark. Sequential: one test swaps the process's standard error, and the parameter
/// sources read a process-wide setting.
/// </summary>
[Collection(SequentialCollection.Name)]
public class NetworkBenchmarkSettingsTests
{
    [Fact]
    public void LayersBatchesAndThreadsBecomeTheBenchmarkCasesAndTheRestGoesToBenchmarkDotNet()
    {
        var settings = NetworkBenchmarkSettings.Parse(
            ["--layers", "784,256,10", "--activation", "tanh", "--batch", "1,32", "--threads", "1,2", "--job", "short", "--", "--filter", "*Inference*"],
            out string[] rest);

        NetworkBenchmarkSettings.Current = settings;
        Assert.Equal(["784-256-10 tanh"], NetworkBenchmark.NetworkCases);
        Assert.Equal([1, 32], NetworkBenchmark.BatchSizes);
        Assert.Equal([1, 2], NetworkBenchmark.ThreadCounts);
        Assert.False(settings.SimdWidths);
        Assert.Equal(["--job", "short", "--filter", "*Inference*"], rest);
    }

    [Fact]
    public void AModelIsGivenByItsFullPathAndBatchesDefaultToOneAndThirtyTwo()
    {
        var settings = NetworkBenchmarkSettings.Parse(["--model", "mine.safetensors", "--simd-widths"], out string[] rest);

        Assert.Equal(Path.GetFullPath("mine.safetensors"), settings.NetworkCase);
        Assert.Equal([1, 32], settings.Batches);
        Assert.Equal([1], settings.Threads);
        Assert.True(settings.SimdWidths);
        Assert.Empty(rest);
    }

    [Fact]
    public void FlopsAreTheNetworksOperationsPerSampleTimesTheBatch()
    {
        // 784-256-128-10: 2 (784*256 + 256*128 + 128*10) = 469,504 per sample forward; a training step adds the weight
        // gradients (as many again) and the input gradients of the two upper layers, 2 (256*128 + 128*10) = 68,096.
        var inference = new NetworkInferenceBenchmark { Network = "784-256-128-10 relu", Batch = 3 };
        var training = new NetworkTrainingBenchmark { Network = "784-256-128-10 relu", Batch = 3 };

        Assert.Equal(3 * 469_504.0, inference.Flops);
        Assert.Equal(3 * (469_504.0 + 469_504.0 + 68_096.0), training.Flops);
    }

    [Theory]
    [InlineData(new[] { "--layers", "784,10", "--batch", "1,0" }, "--batch", "'0'")]
    [InlineData(new[] { "--layers", "784,10", "--threads", "-2" }, "--threads", "'-2'")]
    [InlineData(new[] { "--layers", "784,x" }, "--layers", "'x'")]
    [InlineData(new[] { "--layers", "784" }, "--layers", "at least one layer width")]
    [InlineData(new[] { "--layers", "784,10", "--activation", "softmax" }, "--activation", "'softmax'")]
    [InlineData(new[] { "--batch", "1" }, "--model FILE or --layers", "neither")]
    [InlineData(new[] { "--model", "m.safetensors", "--layers", "4,2" }, "--model FILE or --layers", "both")]
    [InlineData(new[] { "--layers", "784,10", "--batch" }, "--batch", "expected a value")]
    public void BadInputIsRejectedWithAMessageNamingTheOption(string[] args, string option, string detail)
    {
        var e = Assert.Throws<ArgumentException>(() => NetworkBenchmarkSettings.Parse(args, out _));

        Assert.Contains(option, e.Message, StringComparison.Ordinal);
        Assert.Contains(detail, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunExitsWithTheUsageCodeAndOneLineOnBadArguments()
    {
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(2, VectorNNBenchmarks.Run(["--layers", "784,10", "--batch", "0"]));
        }
        finally
        {
            Console.SetError(saved);
        }

        Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
