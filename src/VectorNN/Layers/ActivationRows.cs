using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Threading;

namespace VectorNN.Layers;

/// <summary>
/// Applies an activation to a large batch in parts of rows on several threads. The GEMM before it splits a tall
/// output by rows in the same order, so each thread mostly reads the rows it has just written: on one thread, the
/// half that the other core wrote had to cross between the cores first, and the activations of a batch of 1024
/// through 784-256-128-10 took 122 us on two threads against 33 us on one. Each row's result is the same whatever
/// the split.
/// </summary>
internal sealed unsafe class ActivationRows<T> : IParallelJob
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    // Below this many values (256 KB of float) a hand-off costs more than the rows cost.
    private const long ParallelElements = 1 << 16;

    // Rows per unit of a part: 16 float rows of any width end on a 64-byte line when the first starts on one.
    private const int RowUnit = 16;

    [ThreadStatic]
    private static ActivationRows<T>? threadJob;

    private T* x;
    private T* y;
    private Activation activation;
    private int rows;
    private int columns;
    private int step;

    /// <summary>Whether <see cref="Run"/> would split [rows x columns] between threads.</summary>
    public static bool Splits(int rows, int columns) =>
        (long)rows * columns >= ParallelElements && rows >= 2 * RowUnit && WorkerPool.Shared.MaxParts > 1;

    /// <summary>y = f(x) row by row on the kernels' threads; the arguments are checked.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Run(Activation activation, ReadOnlySpan<T> x, int rows, int columns, Span<T> y)
    {
        ActivationRows<T> job = threadJob ??= new ActivationRows<T>();
        (int parts, job.step) = WorkerPool.Split(rows, RowUnit, WorkerPool.Shared.MaxParts);
        job.activation = activation;
        job.rows = rows;
        job.columns = columns;
        fixed (T* px = x, py = y)
        {
            job.x = px;
            job.y = py;
            try
            {
                WorkerPool.Shared.Run(job, parts);
            }
            finally
            {
                job.x = job.y = null;
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

        int offset = first * columns;
        int length = count * columns;
        ActivationLayer.Apply(activation, new ReadOnlySpan<T>(x + offset, length), count, columns, new Span<T>(y + offset, length));
    }
}
