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
    [ThreadStatic]
    private static GemmParallel<T, TVec, TOps>? t_job;

    private T* a;
    private T* b;
    private T* c;
    private GemmProblem problem;
    private bool byColumns;
    private int parts;
    private int step;

    public static void Run(ref T a, ref T b, ref T c, in GemmProblem problem, int parts)
    {
        GemmParallel<T, TVec, TOps> job = t_job ??= new GemmParallel<T, TVec, TOps>();
        GemmBlocking blocking = problem.Narrow ? GemmDriver<T, TVec, TOps>.NarrowBlocking : GemmDriver<T, TVec, TOps>.Blocking;
        job.byColumns = problem.N >= 2 * blocking.NR;
        int extent = job.byColumns ? problem.N : problem.M;
        int unit = job.byColumns ? blocking.NR : blocking.MR;

        // Whole panels per part, as even as they divide.
        int panels = (extent + unit - 1) / unit;
        job.parts = Math.Min(parts, panels);
        job.step = (panels + job.parts - 1) / job.parts * unit;
        job.problem = problem;
        fixed (T* pa = &a, pb = &b, pc = &c)
        {
            job.a = pa;
            job.b = pb;
            job.c = pc;
            try
            {
                WorkerPool.Shared.Run(job, job.parts);
            }
            finally
            {
                job.a = job.b = job.c = null;
            }
        }
    }

    public void Execute(int part)
    {
        int extent = byColumns ? problem.N : problem.M;
        int start = part * step;
        int end = Math.Min(extent, start + step);
        if (start >= end)
        {
            return;
        }

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
