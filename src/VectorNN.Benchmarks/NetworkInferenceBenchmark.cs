using BenchmarkDotNet.Attributes;
using VectorNN.Layers;

namespace VectorNN.Benchmarks;

/// <summary>Inference of a batch of random inputs through the network (<see cref="Network{T}.Predict(ReadOnlySpan{T}, int, Span{T})"/>).</summary>
public class NetworkInferenceBenchmark : NetworkBenchmark
{
    private float[] inputs = null!;
    private float[] outputs = null!;

    /// <summary>One call of <see cref="Network{T}.Predict(ReadOnlySpan{T}, int, Span{T})"/> on <see cref="NetworkBenchmark.Batch"/> samples.</summary>
    [Benchmark]
    public void Predict() => Model.Predict(inputs, Batch, outputs);

    /// <inheritdoc />
    protected override long FlopsPerSample(ReadOnlySpan<int> widths) => FlopCount.Inference(widths);

    /// <inheritdoc />
    protected override void Prepare()
    {
        inputs = RandomValues(Batch * Model.InputCount);
        outputs = new float[Batch * Model.OutputCount];
    }
}
