using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VectorNN.Kernels.Cores;
using VectorNN.Memory;

namespace VectorNN.Kernels.Threading;

/// <summary>
/// Splits a large y = W x + start between threads by rows of W. A batch-1 layer is bound by reading W (800 KB for
/// 784 -> 256 in float) from cache, so two cores each reading half of it from their own L2 nearly halve the time;
/// each y[r] is the same dot product whatever the split.
/// </summary>
internal sealed unsafe class GemvParallel<T> : IParallelJob
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    // Below this many weights (256 KB of float) the hand-off to a worker costs more than it saves: split as well,
    // 256 -> 128 (128 KB) made a one-sample prediction of 784-256-128-10 0.1-0.3 us slower.
    private const long ParallelElements = 1 << 16;

    // Parts hold whole multiples of this many rows, so two threads never write outputs on one 64-byte line.
    private const int RowUnit = 16;

    [ThreadStatic]
    private static GemvParallel<T>? threadJob;

    [ThreadStatic]
    private static AlignedArray<T> inputCopy;

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
        if ((long)rows * columns * Unsafe.SizeOf<T>() <= GemvCore.BlockedBytes)
        {
            GemvCore.MultiplyInBlocks(ref w, ref x, ref start, startStride, rows, columns, ref y);
        }
        else
        {
            Streamed(ref w, ref x, ref start, startStride, rows, columns, ref y);
        }
    }

    /// <summary>A W beyond L1, read from L2 or further one row at a time, split between threads when it is large.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Streamed(ref T w, ref T x, ref T start, nuint startStride, int rows, int columns, ref T y)
    {
        int threads;
        if ((long)rows * columns < ParallelElements || rows < 2 * RowUnit || (threads = WorkerPool.Shared.MaxParts) == 1)
        {
            RowsFromAlignedInput(ref w, ref x, ref start, startStride, rows, columns, ref y);
        }
        else
        {
            Split(ref w, ref x, ref start, startStride, rows, columns, ref y, threads);
        }
    }

    /// <summary>
    /// Every row reads all of x. Off a cache line, each of those vector loads touches two lines: 784 -> 256 read W at
    /// 118-123 against 152-162 B/ns with x aligned. So x is first copied onto a line, by each thread for its own rows:
    /// a copy made by the caller for all would pass its freshly written lines to the other cores.
    /// </summary>
    private static void RowsFromAlignedInput(ref T w, ref T x, ref T start, nuint startStride, int rows, int columns, ref T y)
    {
        if ((nuint)Unsafe.AsPointer(ref x) % AlignedArray<T>.Alignment != 0)
        {
            x = ref AlignedCopy(ref x, columns);
        }

        GemvCore.MultiplyByRows(ref w, ref x, ref start, startStride, rows, columns, ref y);
    }

    /// <summary>The thread's copy of x[0..columns], on a cache line; valid until the thread's next streamed product.</summary>
    private static ref T AlignedCopy(ref T x, int columns)
    {
        if (inputCopy.Length < columns)
        {
            inputCopy = new AlignedArray<T>(Math.Max(columns, inputCopy.Length * 2));
        }

        Span<T> copy = inputCopy.Span[..columns];
        MemoryMarshal.CreateReadOnlySpan(ref x, columns).CopyTo(copy);
        return ref MemoryMarshal.GetReference(copy);
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
        (int first, int count) = WorkerPool.Part(part, step, rows);
        if (count <= 0)
        {
            return;
        }

        RowsFromAlignedInput(
            ref Unsafe.AsRef<T>(w + ((nint)first * columns)),
            ref Unsafe.AsRef<T>(x),
            ref Unsafe.AsRef<T>(start + ((nint)first * (nint)startStride)),
            startStride,
            count,
            columns,
            ref Unsafe.AsRef<T>(y + first));
    }
}
