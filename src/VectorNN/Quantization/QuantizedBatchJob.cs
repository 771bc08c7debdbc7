using VectorNN.Kernels.Int8;
using VectorNN.Kernels.Threading;

namespace VectorNN.Quantization;

/// <summary>
/// Splits a batch prediction of a <see cref="QuantizedNetwork"/> into blocks of at most
/// <see cref="QuantizedNetwork.BlockSamples"/> samples that the calling thread and <see cref="WorkerPool"/>'s workers
/// claim one at a time; each block runs through every layer on one thread, so the threads never wait for each other
/// between layers.
/// </summary>
/// <remarks>
/// The blocks are as equal as whole kernel tiles (<see cref="Int8PackedGemmCore.TileSamples"/> samples) allow, and
/// their number is a multiple of the thread count, so each thread gets the same work: 1,024 samples in blocks of 48
/// gave one thread 528 samples and the other 496.
/// <para>
/// The spans are pinned for the duration of the call and reach the workers as pointers; the job object is one per
/// calling thread and reused, so a parallel prediction allocates nothing after its first call on a thread.
/// </para>
/// </remarks>
internal sealed unsafe class QuantizedBatchJob : IParallelJob
{
    [ThreadStatic]
    private static QuantizedBatchJob? threadJob;

    private QuantizedNetwork? network;
    private float* inputs;
    private float* outputs;
    private float* logits;
    private int batch;
    private int tiles;
    private int parts;

    /// <summary>Predicts the batch on the calling thread and the workers.</summary>
    public static void Run(QuantizedNetwork network, ReadOnlySpan<float> inputs, int batch, Span<float> outputs, Span<float> logits)
    {
        QuantizedBatchJob job = threadJob ??= new QuantizedBatchJob();
        const int TilesPerBlock = QuantizedNetwork.BlockSamples / Int8PackedGemmCore.TileSamples;
        int tiles = (batch + Int8PackedGemmCore.TileSamples - 1) / Int8PackedGemmCore.TileSamples;
        int threads = WorkerPool.Shared.MaxParts;
        int blocks = (tiles + TilesPerBlock - 1) / TilesPerBlock;
        int parts = Math.Min(tiles, (blocks + threads - 1) / threads * threads);
        fixed (float* pi = inputs, po = outputs, pl = logits)
        {
            job.network = network;
            job.inputs = pi;
            job.outputs = po;
            job.logits = pl;
            job.batch = batch;
            job.tiles = tiles;
            job.parts = parts;
            try
            {
                WorkerPool.Shared.Run(job, parts);
            }
            finally
            {
                job.network = null;
                job.inputs = job.outputs = job.logits = null;
            }
        }
    }

    public void Execute(int part)
    {
        // Parts of floor or ceiling tiles / parts tiles each: never more than a block holds, since parts >= tiles / TilesPerBlock.
        int first = (int)((long)part * tiles / parts) * Int8PackedGemmCore.TileSamples;
        int end = Math.Min(batch, (int)((long)(part + 1) * tiles / parts) * Int8PackedGemmCore.TileSamples);
        int count = end - first;
        int inputCount = network!.InputCount;
        int outputCount = network.OutputCount;
        network.Forward(
            new ReadOnlySpan<float>(inputs + ((long)first * inputCount), count * inputCount),
            count,
            new Span<float>(outputs + ((long)first * outputCount), count * outputCount),
            logits == null ? default : new Span<float>(logits + ((long)first * outputCount), count * outputCount));
    }
}
