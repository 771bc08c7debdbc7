using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Cores;

namespace VectorNN.Kernels.Threading;

/// <summary>
/// Splits a large y = W x + start between threads by rows of W. A batch-1 layer is bound by reading W (800 KB for
/// 784 -> 256 in float) from cache, so two cores each reading half of it from their own L2 nearly halve the time;
/// each y[r] is the same dot product whatever the split.
/// </summary>
internal sealed unsafe class GemvParallel<T> : IParallelJob
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    // Below this many weights (128 KB of float) the hand-off to a worker costs more than it saves; 256 -> 128, at
    // 32,768 weights, takes 0.97-1.01 us split against 1.32 us on one thread.
    private const long ParallelElements = 1 << 15;

    // Parts hold whole multiples of this many rows, so two threads never write outputs on one 64-byte line.
    private const int RowUnit = 16;

    [ThreadStatic]
    private static GemvParallel<T>? threadJob;

    private T* w;
    private T* x;
    private T* start;
    private T* y;
    private nuint startStride;
    private int rows;
    private int columns;
    private int step;

    /// <summary>y[r] = start[r * startStride] + sum_c W[r, c] x[c], on several threads when W is large.</summary>
    /// <remarks>The small case stays free of the pinning and exception frame of the split, which cost a small GEMV its time again.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Multiply(ref T w, ref T x, ref T start, nuint startStride, int rows, int columns, ref T y)
    {
        int threads;
        if ((long)rows * columns < ParallelElements || rows < 2 * RowUnit || (threads = WorkerPool.Shared.MaxParts) == 1)
        {
            GemvCore.Multiply(ref w, ref x, ref start, startStride, rows, columns, ref y);
        }
        else
        {
            Split(ref w, ref x, ref start, startStride, rows, columns, ref y, threads);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Split(ref T w, ref T x, ref T start, nuint startStride, int rows, int columns, ref T y, int threads)
    {
        GemvParallel<T> job = threadJob ??= new GemvParallel<T>();
        (int parts, job.step) = WorkerPool.Split(rows, RowUnit, threads);
        job.rows = rows;
        job.columns = columns;
        job.startStride = startStride;
        fixed (T* pw = &w, px = &x, ps = &start, py = &y)
        {
            job.w = pw;
            job.x = px;
            job.start = ps;
            job.y = py;
            try
            {
                WorkerPool.Shared.Run(job, parts);
            }
            finally
            {
                job.w = job.x = job.start = job.y = null;
            }
        }
    }

    public void Execute(int part)
    {
        int first = part * step;
        int count = Math.Min(rows, first + step) - first;
        if (count <= 0)
        {
            return;
        }

        GemvCore.Multiply(
            ref Unsafe.AsRef<T>(w + ((nint)first * columns)),
            ref Unsafe.AsRef<T>(x),
            ref Unsafe.AsRef<T>(start + ((nint)first * (nint)startStride)),
            startStride,
            count,
            columns,
            ref Unsafe.AsRef<T>(y + first));
    }
}
