using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Threading;

/// <summary>
/// Splits one GEMM between the calling thread and <see cref="WorkerPool"/>'s workers: along C's columns in whole NR
/// panels when there are enough (each thread then packs only its own columns of B), else along C's rows in whole MR
/// panels.
/// </summary>
/// <remarks>
/// The operands are pinned for the duration of the call and reach the workers as pointers; the job object is one per
/// calling thread and reused, so a parallel GEMM allocates nothing after its first call on a thread.
/// </remarks>
internal sealed unsafe class GemmParallel<T, TVec, TOps> : IParallelJob
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TVec : struct
    where TOps : struct, IVectorOps<T, TVec>
{
    // Below this many FLOP (about 5 us on one core) a GEMM stays on the calling thread.
    private const double ParallelFlops = 1 << 20;

    [ThreadStatic]
    private static GemmParallel<T, TVec, TOps>? threadJob;

    private T* a;
    private T* b;
    private T* c;
    private GemmProblem problem;
    private bool byColumns;
    private int step;

    /// <summary>Computes the problem's C, on several threads when it is worth it.</summary>
    /// <remarks>The small case stays free of the pinning and exception frame of the split.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Compute(ref T a, ref T b, ref T c, in GemmProblem problem)
    {
        int threads;
        if (2.0 * problem.M * problem.N * problem.K < ParallelFlops || (threads = WorkerPool.Shared.MaxParts) == 1)
        {
            GemmDriver<T, TVec, TOps>.Compute(ref a, ref b, ref c, problem, 0, problem.M, 0, problem.N);
        }
        else
        {
            Split(ref a, ref b, ref c, problem, threads);
        }
    }

    // The split axis and the part size are decided here only: C's rows as RowOwnership assigns them when the problem
    // asks and the parts have rows enough; else columns when C has at least two NR panels (each thread then packs only its own columns of B), else
    // rows, whole panels per part, as even as they divide. A problem with fewer than two full panels stays on the
    // calling thread.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Split(ref T a, ref T b, ref T c, in GemmProblem problem, int threads)
    {
        bool byColumns;
        int parts, step;
        // The stored C's rows are the problem's columns when the path computes C^T. A part boundary inside a tile changes
        // no result: every element is computed by the same operations wherever the tiles start.
        bool transposed = problem.CColumnStep != 1;
        if (problem.OwnedRows && RowOwnership.SplitsProduct(transposed ? problem.N : problem.M, threads))
        {
            byColumns = transposed;
            (parts, step) = RowOwnership.Split(transposed ? problem.N : problem.M, threads);
        }
        else
        {
            GemmBlocking blocking = problem.Narrow ? GemmDriver<T, TVec, TOps>.NarrowBlocking : GemmDriver<T, TVec, TOps>.Blocking;
            // The swapped narrow path computes C^T = W X^T for a short C: its rows are W's, its columns the few samples.
            // It is split by rows, so each thread reads only its rows of W and packs the small X.
            bool swappedNarrow = problem.Narrow && problem.CColumnStep != 1;
            byColumns = problem.N >= 2 * blocking.NR && !swappedNarrow && problem.N >= problem.M;
            int extent = byColumns ? problem.N : problem.M;
            int unit = byColumns ? blocking.NR : blocking.MR;
            parts = Math.Clamp(extent / unit, 1, threads);
            int panels = (extent + unit - 1) / unit;
            step = (panels + parts - 1) / parts * unit;
        }

        if (parts == 1)
        {
            GemmDriver<T, TVec, TOps>.Compute(ref a, ref b, ref c, problem, 0, problem.M, 0, problem.N);
            return;
        }

        GemmParallel<T, TVec, TOps> job = threadJob ??= new GemmParallel<T, TVec, TOps>();
        job.byColumns = byColumns;
        job.step = step;
        job.problem = problem;
        fixed (T* pa = &a, pb = &b, pc = &c)
        {
            job.a = pa;
            job.b = pb;
            job.c = pc;
            try
            {
                WorkerPool.Shared.Run(job, parts);
            }
            finally
            {
                job.a = job.b = job.c = null;
            }
        }
    }

    public void Execute(int part)
    {
        (int start, int count) = WorkerPool.Part(part, step, byColumns ? problem.N : problem.M);
        if (count <= 0)
        {
            return;
        }

        int end = start + count;
        ref T ar = ref Unsafe.AsRef<T>(a);
        ref T br = ref Unsafe.AsRef<T>(b);
        ref T cr = ref Unsafe.AsRef<T>(c);
        if (byColumns)
        {
            GemmDriver<T, TVec, TOps>.Compute(ref ar, ref br, ref cr, problem, 0, problem.M, start, end);
        }
        else
        {
            GemmDriver<T, TVec, TOps>.Compute(ref ar, ref br, ref cr, problem, start, end, 0, problem.N);
        }
    }
}
