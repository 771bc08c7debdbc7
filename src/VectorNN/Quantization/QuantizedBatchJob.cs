using VectorNN.Kernels.Threading;

namespace VectorNN.Quantization;

/// <summary>
/// Splits a batch prediction of a <see cref="QuantizedNetwork"/> into blocks of <see cref="QuantizedNetwork.BlockSamples"/>
/// samples that the calling thread and <see cref="WorkerPool"/>'s workers claim one at a time; each block runs through
/// every layer on one thread, so the threads never wait for each other between layers.
/// </summary>
/// <remarks>
/// The spans are pinned for the duration of the call and reach the workers as pointers; the job object is one per
/// calling thread and reused, so a parallel prediction allocates nothing after its first call on a thread.
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

    /// <summary>Predicts the batch on the calling thread and the workers.</summary>
    public static void Run(QuantizedNetwork network, ReadOnlySpan<float> inputs, int batch, Span<float> outputs, Span<float> logits)
    {
        QuantizedBatchJob job = threadJob ??= new QuantizedBatchJob();
        int parts = (batch + QuantizedNetwork.BlockSamples - 1) / QuantizedNetwork.BlockSamples;
        fixed (float* pi = inputs, po = outputs, pl = logits)
        {
            job.network = network;
            job.inputs = pi;
            job.outputs = po;
            job.logits = pl;
            job.batch = batch;
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
        int first = part * QuantizedNetwork.BlockSamples;
        int count = Math.Min(QuantizedNetwork.BlockSamples, batch - first);
        int inputCount = network!.InputCount;
        int outputCount = network.OutputCount;
        network.Forward(
            new ReadOnlySpan<float>(inputs + ((long)first * inputCount), count * inputCount),
            count,
            new Span<float>(outputs + ((long)first * outputCount), count * outputCount),
            logits == null ? default : new Span<float>(logits + ((long)first * outputCount), count * outputCount));
    }
}
