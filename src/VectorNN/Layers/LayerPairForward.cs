using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels;
using VectorNN.Kernels.Cores;
using VectorNN.Kernels.Threading;
using VectorNN.Memory;

namespace VectorNN.Layers;

/// <summary>
/// One sample through a large layer and the layer after it, in parts that never wait for each other. Part p computes
/// its rows R_p of the first layer and applies the activation to them, then multiplies them by the columns R_p of the
/// second layer: a partial sum d_p of every output of the second layer. The caller adds b + d_0 + d_1 + ... in order.
/// </summary>
/// <remarks>
/// <para>
/// Split layer by layer, the second layer had to wait for all of the first: one hand-off per layer, or the second
/// layer on one core. Here each core streams its rows of the first matrix and its columns of the second from its own
/// L2 after a single hand-off.
/// </para>
/// <para>
/// The parts depend on the shapes only, never on the thread count, and each d_p is the same reduction whichever thread
/// computes it, so the outputs do not depend on the thread count either. A thread reads the second layer's rows over
/// the columns of all its parts at once: on one thread, whole rows front to back. Only activations that are exact
/// element by element on any part of a row qualify (identity, ReLU, leaky ReLU).
/// </para>
/// </remarks>
internal sealed unsafe class LayerPairForward<T> : IParallelJob
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The most parts a pair is cut into: the caller's scratch holds this many partial sums.</summary>
    public const int MaxParts = 8;

    // Rows of the first layer per part, at least: fewer and the second layer's column slices get short.
    private const int RowsPerPart = 128;

    [ThreadStatic]
    private static LayerPairForward<T>? threadJob;

    private T* parameters;
    private T* x;
    private T* hidden;
    private T* partials;
    private LayerSlice first;
    private LayerSlice second;
    private Activation activation;
    private int parts;
    private int step;
    private int threads;
    private int partialStride;
    private int widthLength;

    /// <summary>Whether one sample through <paramref name="first"/> and the layer after it takes this path.</summary>
    public static bool Takes(LayerSlice first, Activation activation) =>
        activation is Activation.Identity or Activation.Relu or Activation.LeakyRelu
        && (long)first.Outputs * first.Inputs >= GemvParallel<T>.ParallelElements
        && first.Outputs >= 2 * GemvParallel<T>.RowUnit;

    /// <summary>
    /// hidden = f(W1 x + b1) and output = W2 hidden + b2 (the second layer's pre-activations) for one sample.
    /// <paramref name="partials"/> holds <see cref="MaxParts"/> rows of <paramref name="partialStride"/> values.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Forward(
        ReadOnlySpan<T> parameters, LayerSlice first, Activation activation, LayerSlice second, ReadOnlySpan<T> x, Span<T> hidden, Span<T> output, Span<T> partials, int partialStride)
    {
        LayerPairForward<T> job = threadJob ??= new LayerPairForward<T>();
        (_, job.step) = WorkerPool.Split(first.Outputs, GemvParallel<T>.RowUnit, Math.Clamp(first.Outputs / RowsPerPart, 2, MaxParts));
        job.parts = (first.Outputs + job.step - 1) / job.step;
        job.threads = Math.Min(job.parts, WorkerPool.Shared.MaxParts);
        job.widthLength = first.Outputs - ((job.parts - 1) * job.step);
        job.partialStride = partialStride;
        job.first = first;
        job.second = second;
        job.activation = activation;
        fixed (T* pp = parameters, px = x, ph = hidden, pq = partials)
        {
            job.parameters = pp;
            job.x = px;
            job.hidden = ph;
            job.partials = pq;
            try
            {
                WorkerPool.Shared.Run(job, job.threads);
            }
            finally
            {
                job.parameters = job.x = job.hidden = job.partials = null;
            }
        }

        int outputs = second.Outputs;
        Span<T> y = output[..outputs];
        ElementWise.Add(parameters.Slice(second.BiasOffset, outputs), partials[..outputs], y);
        for (int p = 1; p < job.parts; p++)
        {
            ElementWise.Add(y, partials.Slice(p * partialStride, outputs), y);
        }
    }

    /// <summary>Runs a contiguous range of parts, the same on every call, so each core reads the same weights every time.</summary>
    public void Execute(int thread)
    {
        int part = thread * parts / threads;
        int row = part * step;
        int count = Math.Min(first.Outputs, ((thread + 1) * parts / threads) * step) - row;

        // The first layer's rows, activated where they were written.
        int inputs = first.Inputs;
        T* h = hidden + row;
        GemvParallel<T>.RowsFromAlignedInput(
            ref Unsafe.AsRef<T>(parameters + first.WeightOffset + ((nint)row * inputs)),
            ref Unsafe.AsRef<T>(x),
            ref Unsafe.AsRef<T>(parameters + first.BiasOffset + row),
            1,
            count,
            inputs,
            ref Unsafe.AsRef<T>(h));
        var rows = new Span<T>(h, count);
        ActivationLayer.Apply(activation, rows, 1, count, rows);

        // Their products with the second layer's columns, one partial sum per part.
        GemvCore.MultiplyByRowsInParts(
            ref Unsafe.AsRef<T>(parameters + second.WeightOffset + row),
            (nuint)second.Inputs,
            ref Unsafe.AsRef<T>(h),
            second.Outputs,
            count,
            step,
            ref Unsafe.AsRef<T>(partials + ((nint)part * partialStride)),
            (nuint)partialStride,
            widthLength);
    }
}
