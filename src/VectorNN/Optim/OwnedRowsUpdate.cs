using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Threading;
using VectorNN.Memory;

namespace VectorNN.Optim;

/// <summary>
/// One optimizer step split between threads by the rows each owns (<see cref="RowOwnership"/>): each thread updates
/// the weights and biases whose gradients it computed, while they are still in its core's cache. Each parameter's
/// update reads only its own values, so the split changes no result.
/// </summary>
/// <remarks>
/// The gradients are pinned for the duration of the call and reach the workers as a pointer (the arena is pinned
/// already); the job object is one per calling thread and reused, so a step allocates nothing after its first.
/// </remarks>
internal sealed unsafe class OwnedRowsUpdate<T> : IParallelJob
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    // Below this many parameters the update stays on the calling thread, as ParameterUpdateParallel's does.
    private const int ParallelElements = 1 << 16;

    [ThreadStatic]
    private static OwnedRowsUpdate<T>? threadJob;

    private Optimizer<T>? optimizer;
    private ParameterArena<T>? arena;
    private T* gradients;
    private T scale;
    private int threads;

    /// <summary>
    /// Updates every trainable parameter of <paramref name="arena"/> on several threads, or returns false without
    /// touching anything when the arena is too small or one thread is all there is.
    /// </summary>
    /// <remarks>The small case stays a test and a return: a small network's step (the Iris step) passes here too.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryRun(Optimizer<T> optimizer, ParameterArena<T> arena, ReadOnlySpan<T> gradients, T scale)
    {
        int threads;
        return arena.TrainableCount >= ParallelElements && (threads = WorkerPool.Shared.MaxParts) > 1 &&
            TrySplit(optimizer, arena, gradients, scale, threads);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TrySplit(Optimizer<T> optimizer, ParameterArena<T> arena, ReadOnlySpan<T> gradients, T scale, int threads)
    {
        int parts = RowOwnership.Parts(arena.Slices, threads);
        if (parts == 1)
        {
            return false;
        }

        OwnedRowsUpdate<T> job = threadJob ??= new OwnedRowsUpdate<T>();
        fixed (T* g = gradients)
        {
            job.optimizer = optimizer;
            job.arena = arena;
            job.gradients = g;
            job.scale = scale;
            job.threads = threads;
            try
            {
                WorkerPool.Shared.Run(job, parts);
            }
            finally
            {
                job.optimizer = null;
                job.arena = null;
                job.gradients = null;
            }
        }

        return true;
    }

    public void Execute(int part)
    {
        var update = new RangeUpdate(this);
        RowOwnership.Visit(arena!.Slices, part, threads, ref update);
    }

    /// <summary>Updates the trainable parameters of each owned range.</summary>
    private readonly struct RangeUpdate(OwnedRowsUpdate<T> job) : RowOwnership.IRangeVisitor
    {
        public void Visit(int offset, int length)
        {
            ParameterArena<T> arena = job.arena!;
            int end = offset + length;
            foreach (Range run in arena.TrainableRanges)
            {
                (int runStart, int runLength) = run.GetOffsetAndLength(arena.Count);
                int first = Math.Max(offset, runStart);
                int last = Math.Min(end, runStart + runLength);
                if (first < last)
                {
                    job.optimizer!.UpdateRun(
                        arena.Values.Slice(first, last - first), new ReadOnlySpan<T>(job.gradients + first, last - first), first, job.scale);
                }
            }
        }
    }
}
