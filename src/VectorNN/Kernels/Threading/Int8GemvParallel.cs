using VectorNN.Kernels.Int8;

namespace VectorNN.Kernels.Threading;

/// <summary>
/// Splits the 8-bit product of one sample (a GEMV) between the calling thread and <see cref="WorkerPool"/>'s workers by
/// output rows, in whole 4-panel tiles, when the weights are large enough that streaming each half from its own core's
/// L2 saves more than the hand-off costs; each thread computes exactly the sums it would alone.
/// </summary>
/// <remarks>
/// The operands are pinned for the duration of the call and reach the workers as pointers; the job object is one per
/// calling thread and reused, so the split allocates nothing after its first call on a thread.
/// </remarks>
internal sealed unsafe class Int8GemvParallel : IParallelJob
{
    // Below this many weight bytes (the 784-256 layer has 213 KB) a GEMV takes under about 1 us and stays on one thread.
    private const int ParallelBytes = 128 * 1024;

    // Panels per part: whole tiles of the one-sample kernel.
    private const int Unit = Int8PackedGemmCore.TilePanels;

    [ThreadStatic]
    private static Int8GemvParallel? threadJob;

    private byte* x;
    private int* y;
    private Int8PackedWeights? w;
    private int xLength;
    private int yLength;
    private int step;

    /// <summary>y[r] = sum over k of x[k] w[r, k] for one sample, on several threads when it is worth it.</summary>
    public static void Multiply(ReadOnlySpan<byte> x, Int8PackedWeights w, Span<int> y)
    {
        int threads;
        if (w.Data.Length < ParallelBytes || (threads = WorkerPool.Shared.MaxParts) == 1)
        {
            Int8Gemm.Multiply(Int8Gemm.InstructionSet, x, x.Length, w, 1, y, y.Length);
            return;
        }

        (int parts, int step) = WorkerPool.Split(w.Panels, Unit, threads);
        Int8GemvParallel job = threadJob ??= new Int8GemvParallel();
        fixed (byte* px = x)
        fixed (int* py = y)
        {
            job.x = px;
            job.y = py;
            job.w = w;
            job.xLength = x.Length;
            job.yLength = y.Length;
            job.step = step;
            try
            {
                WorkerPool.Shared.Run(job, parts);
            }
            finally
            {
                job.x = null;
                job.y = null;
                job.w = null;
            }
        }
    }

    public void Execute(int part)
    {
        int first = part * step;
        int end = Math.Min(w!.Panels, first + step);
        if (first < end)
        {
            Int8Gemm.Multiply(Int8Gemm.InstructionSet, new ReadOnlySpan<byte>(x, xLength), xLength, w, 1, new Span<int>(y, yLength), yLength, first, end);
        }
    }
}
