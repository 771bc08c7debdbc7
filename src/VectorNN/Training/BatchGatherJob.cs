using System.Diagnostics;
using VectorNN.Kernels;
using VectorNN.Kernels.Threading;

namespace VectorNN.Training;

/// <summary>
/// Gathers a shuffled batch: the inputs, targets and sample weights of the samples an order names, copied into
/// consecutive rows. A large batch is split between threads by samples, since each row's copy mostly waits for memory
/// and every core can wait for its own rows; the copies are the same whichever thread makes them.
/// </summary>
/// <remarks>
/// The spans are pinned for the duration of the call and reach the workers as pointers; the job is one per trainer
/// and reused, so a call allocates nothing.
/// </remarks>
internal sealed unsafe class BatchGatherJob<T> : IParallelJob
    where T : unmanaged
{
    // Below this many bytes a batch is gathered on the calling thread alone: waking the other thread costs about what
    // 10 KB of rows take to arrive from memory.
    private const int ParallelBytes = 32 * 1024;

    private T* inputs;
    private T* targets;
    private T* weights;
    private int* order;
    private T* batchInputs;
    private T* batchTargets;
    private T* batchWeights;
    private int inputWidth;
    private int targetWidth;
    private int count;
    private int step;

    /// <summary>
    /// Row s of <paramref name="batchInputs"/> and <paramref name="batchTargets"/>, and element s of
    /// <paramref name="batchWeights"/> (when <paramref name="weights"/> is not empty), become those of sample
    /// <paramref name="order"/>[s] of the data. The caller guarantees that the indices are samples of the data and that
    /// the destinations hold <c>order.Length</c> samples.
    /// </summary>
    public void Run(
        ReadOnlySpan<T> inputs, int inputWidth, ReadOnlySpan<T> targets, int targetWidth, ReadOnlySpan<T> weights,
        ReadOnlySpan<int> order, Span<T> batchInputs, Span<T> batchTargets, Span<T> batchWeights)
    {
        Debug.Assert(
            batchInputs.Length >= order.Length * inputWidth && batchTargets.Length >= order.Length * targetWidth
            && (weights.IsEmpty || batchWeights.Length >= order.Length),
            "The batch buffers hold every sample of the order.");
        count = order.Length;
        this.inputWidth = inputWidth;
        this.targetWidth = targetWidth;
        long bytes = (long)count * (inputWidth + targetWidth) * sizeof(T);
        int threads = bytes < ParallelBytes ? 1 : WorkerPool.Shared.MaxParts;
        (int parts, step) = WorkerPool.Split(count, 1, threads);
        fixed (T* px = inputs, pt = targets, pw = weights, bx = batchInputs, bt = batchTargets, bw = batchWeights)
        fixed (int* po = order)
        {
            this.inputs = px;
            this.targets = pt;
            this.weights = weights.IsEmpty ? null : pw;
            this.order = po;
            this.batchInputs = bx;
            this.batchTargets = bt;
            this.batchWeights = bw;
            try
            {
                if (parts == 1)
                {
                    Execute(0);
                }
                else
                {
                    WorkerPool.Shared.Run(this, parts);
                }
            }
            finally
            {
                this.inputs = this.targets = this.weights = this.batchInputs = this.batchTargets = this.batchWeights = null;
                this.order = null;
            }
        }
    }

    public void Execute(int part)
    {
        (int first, int samples) = WorkerPool.Part(part, step, count);
        if (samples <= 0)
        {
            return;
        }

        var rows = new ReadOnlySpan<int>(order + first, samples);
        RowGather.Copy(inputs, inputWidth, rows, batchInputs + ((nint)first * inputWidth));
        RowGather.Copy(targets, targetWidth, rows, batchTargets + ((nint)first * targetWidth));
        if (weights != null)
        {
            RowGather.Copy(weights, 1, rows, batchWeights + first);
        }
    }
}
