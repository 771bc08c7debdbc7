using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels;
using VectorNN.Kernels.Threading;

namespace VectorNN.Layers;

/// <summary>
/// Predicts a large batch in one block of rows per thread, each block through every layer on its thread: the threads
/// meet once, at the end, where splitting each layer's product and activation meets them twice per layer and leaves
/// the bias rows and the softmax to the calling thread. Each block's products take the tiling the whole batch would,
/// so every row's outputs are the same bits as in one pass over the batch on one thread.
/// </summary>
/// <remarks>
/// Used only when every layer is narrower than the batch: the product of a layer then splits by rows anyway, each
/// thread packing all of that layer's weights, so the blocks pack no more than the split did. The spans are pinned for
/// the duration of the call and reach the workers as pointers; the job object is one per calling thread and reused.
/// </remarks>
internal sealed unsafe class InferenceBlocks<T> : IParallelJob
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    // Below this many FLOP (about 10 us on one core) a batch stays on the calling thread.
    private const double ParallelFlops = 1 << 21;

    // Rows per unit of a block: the GEMM's row tile (6), so only the last block ends in a partial tile.
    private const int RowUnit = 6;

    [ThreadStatic]
    private static InferenceBlocks<T>? threadJob;

    private Network<T>? network;
    private T* inputs;
    private T* outputs;
    private int batch;
    private int step;

    /// <summary>Whether <see cref="Run"/> would split a batch of <paramref name="batch"/> rows through <paramref name="network"/>.</summary>
    public static bool Splits(Network<T> network, int batch) =>
        batch > network.WidestLayer
        && 2.0 * batch * network.ParameterCount >= ParallelFlops
        && WorkerPool.Shared.MaxParts > 1;

    /// <summary>Predicts the batch on the calling thread and the workers; the arguments are checked.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Run(Network<T> network, ReadOnlySpan<T> inputs, int batch, Span<T> outputs)
    {
        InferenceBlocks<T> job = threadJob ??= new InferenceBlocks<T>();
        (int parts, job.step) = WorkerPool.Split(batch, RowUnit, WorkerPool.Shared.MaxParts);
        fixed (T* pi = inputs, po = outputs)
        {
            job.network = network;
            job.inputs = pi;
            job.outputs = po;
            job.batch = batch;
            try
            {
                WorkerPool.Shared.Run(job, parts);
            }
            finally
            {
                job.network = null;
                job.inputs = job.outputs = null;
            }
        }
    }

    public void Execute(int part)
    {
        (int first, int count) = WorkerPool.Part(part, step, batch);
        if (count <= 0)
        {
            return;
        }

        // One thread per block: a kernel that split again would pack the weights once more per part.
        using Parallelism.Scope one = Parallelism.Limit(1);
        int inputCount = network!.InputCount;
        int outputCount = network.OutputCount;
        network.Forward(
            new ReadOnlySpan<T>(inputs + ((long)first * inputCount), count * inputCount),
            count,
            new Span<T>(outputs + ((long)first * outputCount), count * outputCount),
            batch);
    }
}
