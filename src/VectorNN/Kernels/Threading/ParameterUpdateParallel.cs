using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Cores;

namespace VectorNN.Kernels.Threading;

/// <summary>
/// Splits a large parameter update between threads in contiguous chunks. Each element's update reads only that
/// element's own values, so the split changes no result.
/// </summary>
/// <remarks>
/// The arrays are pinned for the duration of the call and reach the workers as pointers; the job object is one per
/// calling thread and reused, so a parallel update allocates nothing after its first call on a thread.
/// </remarks>
internal sealed unsafe class ParameterUpdateParallel<T, TRule> : IParallelJob
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TRule : struct, IUpdateRule<T>
{
    // Below this many parameters an update stays on the calling thread (it takes a few microseconds).
    private const int ParallelElements = 1 << 16;

    // Parts start on multiples of this many elements (whole cache lines for float and double).
    private const int ElementUnit = 64;

    [ThreadStatic]
    private static ParameterUpdateParallel<T, TRule>? threadJob;

    private T* w;
    private T* g;
    private T* s1;
    private T* s2;
    private int n;
    private int step;
    private TRule rule;

    /// <summary>
    /// <see cref="ParameterUpdateCore.Apply{T, TRule}"/>, on several threads when n is large; <paramref name="s1"/> and
    /// <paramref name="s2"/> may be null references when the rule has no such state.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply(ref T w, ref T g, ref T s1, ref T s2, int n, TRule rule)
    {
        int threads;
        if (n < ParallelElements || (threads = WorkerPool.Shared.MaxParts) == 1)
        {
            ParameterUpdateCore.Apply(ref w, ref g, ref s1, ref s2, n, rule);
        }
        else
        {
            Split(ref w, ref g, ref s1, ref s2, n, rule, threads);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Split(ref T w, ref T g, ref T s1, ref T s2, int n, TRule rule, int threads)
    {
        ParameterUpdateParallel<T, TRule> job = threadJob ??= new ParameterUpdateParallel<T, TRule>();
        (int parts, job.step) = WorkerPool.Split(n, ElementUnit, threads);
        job.n = n;
        job.rule = rule;
        fixed (T* pw = &w, pg = &g, ps1 = &s1, ps2 = &s2)
        {
            job.w = pw;
            job.g = pg;
            job.s1 = ps1;
            job.s2 = ps2;
            try
            {
                WorkerPool.Shared.Run(job, parts);
            }
            finally
            {
                job.w = job.g = job.s1 = job.s2 = null;
            }
        }
    }

    public void Execute(int part)
    {
        (int first, int count) = WorkerPool.Part(part, step, n);
        if (count > 0)
        {
            ParameterUpdateCore.Apply(ref At(w, first), ref At(g, first), ref At(s1, first), ref At(s2, first), count, rule);
        }
    }

    // A state array the rule does not have stays a null reference rather than becoming an offset from null.
    private static ref T At(T* array, int offset) =>
        ref array == null ? ref Unsafe.NullRef<T>() : ref Unsafe.AsRef<T>(array + offset);
}
