using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VectorNN.Kernels.Cores;
using VectorNN.Memory;

namespace VectorNN.Kernels.Threading;

/// <summary>
/// Splits the check that every element of a long vector is finite (training's guard against divergence, over all
/// gradients every step) between threads: in contiguous chunks, or for gradients in a network's layout by the rows each
/// thread owns (<see cref="RowOwnership"/>). The answer does not depend on the split.
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

    // Null for the split into chunks; else the gradients whose owned rows are the parts.
    private GradientBuffer<T>? layout;
    private int threads;

    /// <summary>Whether all <paramref name="n"/> elements from <paramref name="x"/> on are finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllFinite(ref T x, int n)
    {
        int threads;
        return n < ParallelElements || (threads = WorkerPool.Shared.MaxParts) == 1 ? Finite(ref x, n) : Split(ref x, n, threads);
    }

    /// <summary>Whether every gradient of <paramref name="gradients"/> is finite: each thread checks the rows it owns.</summary>
    public static bool AllFinite(GradientBuffer<T> gradients)
    {
        ref T x = ref MemoryMarshal.GetReference(gradients.Values);
        int threads;
        if (gradients.Count < ParallelElements || (threads = WorkerPool.Shared.MaxParts) == 1)
        {
            return Finite(ref x, gradients.Count);
        }

        FiniteCheckParallel<T> job = threadJob ??= new FiniteCheckParallel<T>();
        job.layout = gradients;
        job.threads = threads;
        try
        {
            return Run(job, ref x, gradients.Count, RowOwnership.Parts(gradients.Slices, threads));
        }
        finally
        {
            job.layout = null;
        }
    }

    // A sum of x - x is 0 exactly when every x is finite (NaN otherwise): one pass at the full vector width.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Finite(ref T x, int n) => ReductionCore.Sum<T, FiniteTerm>(ref x, ref x, n) == T.Zero;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Split(ref T x, int n, int threads)
    {
        FiniteCheckParallel<T> job = threadJob ??= new FiniteCheckParallel<T>();
        (int parts, job.step) = WorkerPool.Split(n, ElementUnit, threads);
        return Run(job, ref x, n, parts);
    }

    private static bool Run(FiniteCheckParallel<T> job, ref T x, int n, int parts)
    {
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
        if (layout is not null)
        {
            var check = new RangeCheck(x);
            RowOwnership.Visit(layout.Slices, part, threads, ref check);
            if (!check.AllFinite)
            {
                Volatile.Write(ref notFinite, 1);
            }

            return;
        }

        (int first, int count) = WorkerPool.Part(part, step, n);
        if (count > 0 && !Finite(ref Unsafe.AsRef<T>(x + first), count))
        {
            Volatile.Write(ref notFinite, 1);
        }
    }

    /// <summary>Checks each owned range of the gradients at <c>x</c>.</summary>
    private struct RangeCheck(T* x) : RowOwnership.IRangeVisitor
    {
        public bool AllFinite { get; private set; } = true;

        public void Visit(int offset, int length) => AllFinite &= Finite(ref Unsafe.AsRef<T>(x + offset), length);
    }
}
