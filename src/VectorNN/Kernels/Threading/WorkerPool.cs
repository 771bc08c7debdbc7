using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace VectorNN.Kernels.Threading;

/// <summary>
/// Persistent worker threads for the kernels. A call wakes the workers, and the calling thread and the workers then
/// claim the job's parts one at a time until none is left: no allocation, no thread-pool queueing.
/// </summary>
/// <remarks>
/// <para>
/// Parts are claimed, not assigned, so a worker that the operating system does not schedule in time (another process
/// busy on the other core) costs nothing: the calling thread takes its parts too, and the call is no slower than on
/// one thread. The one exception is part 0, which the calling thread always runs, so that on two cores each part of a
/// repeated split stays on one core and finds its data in that core's cache.
/// </para>
/// <para>
/// After a job a worker spins for a while before it blocks, because a training step issues its GEMMs back to back and
/// waking a blocked thread costs several microseconds, as much as a small GEMM. The spin is bounded, so an idle process
/// does not keep a core busy.
/// </para>
/// <para>
/// One job runs at a time. A call that finds the pool busy (another thread's kernel is running on it) runs its whole
/// job on the calling thread instead of waiting, so concurrent callers, such as inference from several threads, never
/// block each other.
/// </para>
/// </remarks>
internal sealed class WorkerPool
{
    // Spin this long before blocking: longer than the gap between the GEMMs of a training step.
    private static readonly long SpinTicks = Stopwatch.Frequency / 5_000;

    private static readonly Lazy<WorkerPool> SharedPool = new(() => new WorkerPool(Environment.ProcessorCount - 1));

    private readonly Worker[] workers;
    private readonly Lock busy = new();

    // The job's generation (high 32 bits) and the next unclaimed part (low 32 bits), changed together, so that a
    // worker still finishing one job can never claim a part of the next.
    private long state;
    private IParallelJob? job;
    private int parts;
    private int remaining;
    private Exception? failure;

    private WorkerPool(int workerCount)
    {
        workers = new Worker[Math.Max(0, workerCount)];
        for (int i = 0; i < workers.Length; i++)
        {
            workers[i] = new Worker(this, i);
        }
    }

    /// <summary>The pool for the process: one worker per processor beyond the first.</summary>
    public static WorkerPool Shared => SharedPool.Value;

    /// <summary>How many threads a job may use: the caller's plus the workers, within the calling thread's limit (<see cref="Parallelism.Current"/>).</summary>
    public int MaxParts => Math.Min(Parallelism.Current, workers.Length + 1);

    /// <summary>
    /// Splits <paramref name="count"/> items into at most <paramref name="threads"/> contiguous parts that start on
    /// multiples of <paramref name="unit"/>: returns the number of parts and the items per part (the last may hold fewer).
    /// </summary>
    public static (int Parts, int Step) Split(int count, int unit, int threads)
    {
        int units = (count + unit - 1) / unit;
        int parts = Math.Min(threads, units);
        return (parts, (units + parts - 1) / parts * unit);
    }

    /// <summary>
    /// The items of part <paramref name="part"/> of a <see cref="Split"/> of <paramref name="count"/> items into parts of
    /// <paramref name="step"/>: its first item and how many it holds (0 or fewer for a part past the end).
    /// </summary>
    public static (int First, int Count) Part(int part, int step, int count)
    {
        int first = part * step;
        return (first, Math.Min(count, first + step) - first);
    }

    /// <summary>Runs parts 0 to <paramref name="parts"/> - 1 of <paramref name="job"/> and returns when all are done.</summary>
    /// <remarks>A job started from inside one of this job's parts runs inline, on that part's thread.</remarks>
    public void Run(IParallelJob job, int parts)
    {
        // The lock is re-entrant: a part on the calling thread must not take it again and replace the running job.
        if (parts <= 1 || busy.IsHeldByCurrentThread || !busy.TryEnter())
        {
            for (int part = 0; part < parts; part++)
            {
                job.Execute(part);
            }

            return;
        }

        try
        {
            this.job = job;
            this.parts = parts;
            failure = null;
            Volatile.Write(ref remaining, parts);
            // The calling thread keeps part 0 for itself: a worker still spinning from the last job would otherwise
            // often claim it first, and a part's data (the rows of W it reads, the rows of C it writes) would move
            // between the cores' caches from call to call.
            long generation = (Volatile.Read(ref state) >> 32) + 1;
            Interlocked.Exchange(ref state, (generation << 32) | 1);
            int helpers = Math.Min(parts - 1, MaxParts - 1);
            for (int i = 0; i < helpers; i++)
            {
                workers[i].Wake();
            }

            RunPart(0);
            Drain(generation);
            var spinner = default(SpinWait);
            while (Volatile.Read(ref remaining) > 0)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }

            this.job = null;
            if (failure is Exception e)
            {
                ExceptionDispatchInfo.Throw(e);
            }
        }
        finally
        {
            busy.Exit();
        }
    }

    /// <summary>Claims and runs parts of job <paramref name="generation"/> until none is left.</summary>
    private void Drain(long generation)
    {
        while (true)
        {
            long current = Volatile.Read(ref state);
            int part = (int)current;
            if (current >> 32 != generation || part >= Volatile.Read(ref parts))
            {
                return;
            }

            if (Interlocked.CompareExchange(ref state, current + 1, current) != current)
            {
                continue;
            }

            // The claimed part keeps this job current: the caller waits for it before it starts another.
            RunPart(part);
        }
    }

    /// <summary>Runs one claimed part, records its exception if it throws, and counts it done.</summary>
    private void RunPart(int part)
    {
        try
        {
            job!.Execute(part);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref failure, e, null);
        }
        finally
        {
            Interlocked.Decrement(ref remaining);
        }
    }

    /// <summary>One background thread that helps with jobs.</summary>
    private sealed class Worker
    {
        private readonly WorkerPool pool;
        private readonly ManualResetEventSlim signal = new(false, spinCount: 1);
        private int wakes;

        public Worker(WorkerPool pool, int index)
        {
            this.pool = pool;
            var thread = new Thread(Loop) { IsBackground = true, Name = $"VectorNN worker {index + 1}" };
            thread.Start();
        }

        public void Wake()
        {
            Interlocked.Increment(ref wakes);
            signal.Set();
        }

        private void Loop()
        {
            int seen = 0;
            while (true)
            {
                long deadline = Stopwatch.GetTimestamp() + SpinTicks;
                while (Volatile.Read(ref wakes) == seen)
                {
                    if (Stopwatch.GetTimestamp() < deadline)
                    {
                        // The shortest pause between reads: with SpinWait(16) a worker joined a job about 0.5 us
                        // late, which one-sample inference pays twice per call.
                        Thread.SpinWait(1);
                    }
                    else
                    {
                        signal.Wait();
                        signal.Reset();
                    }
                }

                seen = Volatile.Read(ref wakes);
                pool.Drain(Volatile.Read(ref pool.state) >> 32);
            }
        }
    }
}
