using VectorNN.Kernels;
using VectorNN.Kernels.Threading;
using Xunit;

namespace VectorNN.Tests.Kernels;

/// <summary>
/// Multi-threaded kernels against the same kernels on one thread: the split must not change a single bit. GEMM on
/// every path (wide, narrow, swapped), split by columns or by rows, with and without accumulation; GEMV split by rows;
/// the parameter updates split in chunks; the worker pool's parts.
/// </summary>
[Collection(SequentialCollection.Name)]
public sealed class ThreadingTests
{
    public static TheoryData<int, int, int, bool, bool> Shapes => new()
    {
        { 512, 512, 512, false, false },
        { 128, 256, 784, false, true },    // layer forward: X W^T, split by columns
        { 1024, 256, 784, false, true },   // large-batch forward: more rows than columns, split by rows
        { 515, 300, 100, false, false },   // more rows than columns, split by rows with a ragged last panel
        { 32, 256, 784, false, true },     // small-batch forward: C^T = W X^T, split by rows of W
        { 256, 784, 128, true, false },    // weight gradient dY^T X
        { 128, 784, 256, false, false },   // input gradient dY W
        { 517, 10, 300, false, true },     // narrow output layer: split by rows
        { 7, 900, 400, true, true },       // few rows, many columns
        { 1000, 3, 500, false, false },    // swapped path
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SplitBetweenThreads_GivesBitIdenticalResults(int m, int n, int k, bool transposeA, bool transposeB)
    {
        var random = new Random(m * 31 + n * 7 + k);
        float[] a = Enumerable.Range(0, m * k).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] b = Enumerable.Range(0, k * n).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] start = Enumerable.Range(0, m * n).Select(_ => (float)random.NextDouble()).ToArray();
        MatrixTranspose ta = transposeA ? MatrixTranspose.Transposed : MatrixTranspose.None;
        MatrixTranspose tb = transposeB ? MatrixTranspose.Transposed : MatrixTranspose.None;

        float[] Run(int threads, bool accumulate) => WithThreads(threads, () =>
        {
            float[] c = (float[])start.Clone();
            if (accumulate)
            {
                Gemm.MultiplyAccumulate<float>(a, ta, b, tb, m, n, k, c);
            }
            else
            {
                Gemm.Multiply<float>(a, ta, b, tb, m, n, k, c);
            }

            return c;
        });

        Assert.Equal(Run(1, false), Run(Environment.ProcessorCount, false));
        Assert.Equal(Run(1, true), Run(Environment.ProcessorCount, true));
    }

    [Theory]
    [InlineData(256, 784)]
    [InlineData(300, 700)]
    [InlineData(33, 2000)]
    [InlineData(40, 2000)]
    public void GemvSplitBetweenThreads_GivesBitIdenticalResults(int rows, int columns)
    {
        var random = new Random(rows + columns);
        double[] w = Enumerable.Range(0, rows * columns).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] x = Enumerable.Range(0, columns).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] bias = Enumerable.Range(0, rows).Select(_ => random.NextDouble()).ToArray();
        double[] Run(int threads, bool withBias) => WithThreads(threads, () =>
        {
            var y = new double[rows];
            if (withBias)
            {
                Gemv.Multiply<double>(w, x, bias, rows, columns, y);
            }
            else
            {
                Gemv.Multiply<double>(w, x, rows, columns, y);
            }

            return y;
        });

        Assert.Equal(Run(1, true), Run(Environment.ProcessorCount, true));
        Assert.Equal(Run(1, false), Run(Environment.ProcessorCount, false));
    }

    // Above the split threshold (65 536), with a length that is no multiple of the chunk unit or of any width, so the
    // parts end mid-vector and each part has its own overlapping tail.
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void ParameterUpdateSplitBetweenThreads_GivesBitIdenticalResults(int rule)
    {
        const int n = (1 << 17) + 37;
        var random = new Random(n + rule);
        float[] Values(double scale) => Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() - 0.25) * scale)).ToArray();
        float[] w0 = Values(1), g = Values(0.1), m0 = Values(0.01), v0 = Values(0.01).Select(Math.Abs).ToArray();

        float[][] Run(int threads) => WithThreads(threads, () =>
        {
            float[] w = (float[])w0.Clone(), m = (float[])m0.Clone(), v = (float[])v0.Clone();
            switch (rule)
            {
                case 0:
                    ParameterUpdates.Sgd<float>(w, g, 0.1f, 0.5f, 0.01f);
                    break;
                case 1:
                    ParameterUpdates.Momentum<float>(w, g, m, 0.1f, 0.9f, 1f, 0.01f, nesterov: true);
                    break;
                default:
                    ParameterUpdates.Adam<float>(w, g, m, v, new AdamStep<float>(1e-3f, 0.9f, 0.999f, 1e-8f, 0.1f, 0.001f) { WeightDecay = 0.01f, DecoupledWeightDecay = true });
                    break;
            }

            return new[] { w, m, v };
        });

        float[][] one = Run(1), several = Run(Environment.ProcessorCount);
        for (int i = 0; i < one.Length; i++)
        {
            Assert.Equal(one[i], several[i]);
        }
    }

    private static TResult WithThreads<TResult>(int threads, Func<TResult> run)
    {
        using Parallelism.Scope limit = Parallelism.Limit(threads);
        return run();
    }

    [Fact]
    public void WorkerPool_RunsEveryPartOnce_AndRethrowsAWorkersException()
    {
        var job = new CountingJob();
        WorkerPool.Shared.Run(job, WorkerPool.Shared.MaxParts);
        Assert.All(job.Counts.Take(WorkerPool.Shared.MaxParts), count => Assert.Equal(1, count));

        var failing = new CountingJob { FailingPart = WorkerPool.Shared.MaxParts - 1 };
        var e = Assert.Throws<InvalidOperationException>(() => WorkerPool.Shared.Run(failing, WorkerPool.Shared.MaxParts));
        Assert.Contains("part", e.Message);

        // The pool is usable again after a failure.
        var again = new CountingJob();
        WorkerPool.Shared.Run(again, WorkerPool.Shared.MaxParts);
        Assert.All(again.Counts.Take(WorkerPool.Shared.MaxParts), count => Assert.Equal(1, count));
    }

    [Fact]
    public void WorkerPool_AJobStartedInsideAPart_RunsInline_AndEveryPartOfBothRunsOnce()
    {
        // The parts of a training step's chunk job may reach kernels that split; on the calling thread, which holds the
        // pool, such a job must not replace the running one.
        var inner = new CountingJob[8];
        for (int i = 0; i < inner.Length; i++)
        {
            inner[i] = new CountingJob();
        }

        var outer = new NestingJob(inner, Environment.CurrentManagedThreadId);
        WorkerPool.Shared.Run(outer, inner.Length);

        Assert.All(outer.Counts.Take(inner.Length), count => Assert.Equal(1, count));
        Assert.All(inner, job => Assert.All(job.Counts.Take(4), count => Assert.Equal(1, count)));
    }

    [Fact]
    public void WorkerPool_RunsPartZeroOnTheCallingThread_EvenRightAfterAnotherJob()
    {
        // Back to back, a worker still spinning from the last job is ready before the caller; part 0 must stay the
        // caller's all the same, so that a repeated split keeps each part's data on one core.
        var job = new ThreadRecordingJob();
        for (int call = 0; call < 2000; call++)
        {
            WorkerPool.Shared.Run(job, 2);
            Assert.Equal(Environment.CurrentManagedThreadId, job.PartZeroThread);
        }
    }

    [Fact]
    public void Parallelism_RejectsFewerThanOneThread()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.MaxThreads = 0);
        Assert.Equal("MaxThreads", e.ParamName);
    }

    private sealed class ThreadRecordingJob : IParallelJob
    {
        public int PartZeroThread { get; private set; }

        public void Execute(int part)
        {
            if (part == 0)
            {
                PartZeroThread = Environment.CurrentManagedThreadId;
            }

            Thread.SpinWait(200);
        }
    }

    private sealed class CountingJob : IParallelJob
    {
        public int[] Counts { get; } = new int[64];

        public int FailingPart { get; init; } = -1;

        public void Execute(int part)
        {
            Interlocked.Increment(ref Counts[part]);
            if (part == FailingPart)
            {
                throw new InvalidOperationException($"part {part} failed");
            }
        }
    }

    /// <summary>
    /// Runs a job of its own in each part; a worker first waits a little, so that the calling thread's nested job starts
    /// while outer parts are still unclaimed (a nested job that replaced the outer one would lose them).
    /// </summary>
    private sealed class NestingJob(CountingJob[] inner, int callingThread) : IParallelJob
    {
        public int[] Counts { get; } = new int[64];

        public void Execute(int part)
        {
            Interlocked.Increment(ref Counts[part]);
            if (Environment.CurrentManagedThreadId != callingThread)
            {
                Thread.Sleep(5);
            }

            WorkerPool.Shared.Run(inner[part], 4);
        }
    }
}
