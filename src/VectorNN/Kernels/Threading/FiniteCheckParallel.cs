using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Cores;

namespace VectorNN.Kernels.Threading;

/// <summary>
/// Splits the check that every element of a long vector is finite (training's guard against divergence, over all
/// gradients every step) between threads in contiguous chunks; the answer does not depend on the split.
/// </summary>
/// <remarks>
/// The vector is pinned for the duration of the call and reaches the workers as a pointer; the job object is one per
/// calling thread and reused, so a parallel check allocates nothing after its first call on a thread.
/// </remarks>
internal sealed unsafe class FiniteCheckParallel<T> : IParallelJob
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    // Below this many elements the check stays on the calling thread (it takes a few microseconds).
    private const int ParallelElements = 1 << 16;

    // Parts start on multiples of this many elements (whole cache lines for float and double).
    private const int ElementUnit = 64;

    [ThreadStatic]
    private static FiniteCheckParallel<T>? threadJob;

    private T* x;
    private int n;
    private int step;
    private int notFinite;

    /// <summary>Whether all <paramref name="n"/> elements from <paramref name="x"/> on are finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllFinite(ref T x, int n)
    {
        int threads;
        return n < ParallelElements || (threads = WorkerPool.Shared.MaxParts) == 1 ? Finite(ref x, n) : Split(ref x, n, threads);
    }

    // A sum of x - x is 0 exactly when every x is finite (NaN otherwise): one pass at the full vector width.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Finite(ref T x, int n) => ReductionCore.Sum<T, FiniteTerm>(ref x, ref x, n) == T.Zero;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Split(ref T x, int n, int threads)
    {
        FiniteCheckParallel<T> job = threadJob ??= new FiniteCheckParallel<T>();
        (int parts, job.step) = WorkerPool.Split(n, ElementUnit, threads);
        job.n = n;
        job.notFinite = 0;
        fixed (T* px = &x)
        {
            job.x = px;
            try
            {
                WorkerPool.Shared.Run(job, parts);
            }
            finally
            {
                job.x = null;
            }
        }

        return Volatile.Read(ref job.notFinite) == 0;
    }

    public void Execute(int part)
    {
        (int first, int count) = WorkerPool.Part(part, step, n);
        if (count > 0 && !Finite(ref Unsafe.AsRef<T>(x + first), count))
        {
            Volatile.Write(ref notFinite, 1);
        }
    }
}
