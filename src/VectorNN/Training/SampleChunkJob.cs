using System.Numerics;
using VectorNN.Kernels;
using VectorNN.Kernels.Threading;
using VectorNN.Losses;

namespace VectorNN.Training;

/// <summary>
/// Runs the chunks of a <see cref="Backpropagation{T}"/> batch (<see cref="Backpropagation{T}.RunChunk"/>) on the
/// worker pool: each part is one chunk of samples through the layers from the first one the chunks run on, on whichever
/// thread claims it.
/// </summary>
/// <remarks>
/// The caller's spans are pinned for the duration of the call and reach the workers as pointers; the job is one per
/// pass and reused, so a call allocates nothing. Inside a chunk the kernels stay on their thread: the chunks are the
/// split.
/// </remarks>
internal sealed unsafe class SampleChunkJob<T>(Backpropagation<T> pass) : IParallelJob
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private T* inputs;
    private T* targets;
    private T* weights;
    private T* inputGradient;
    private int inputsLength;
    private int targetsLength;
    private int weightsLength;
    private int inputGradientLength;
    private int fromLayer;
    private int batch;
    private LossShares shares;
    private bool backward;

    /// <summary>Runs all <paramref name="chunks"/> chunks from layer <paramref name="fromLayer"/> on and returns when they are done.</summary>
    public void Run(
        int fromLayer, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, ReadOnlySpan<T> weights, int batch, Span<T> inputGradient,
        LossShares shares, bool backward, int chunks)
    {
        this.fromLayer = fromLayer;
        this.batch = batch;
        this.shares = shares;
        this.backward = backward;
        (inputsLength, targetsLength, weightsLength, inputGradientLength) = (inputs.Length, targets.Length, weights.Length, inputGradient.Length);
        fixed (T* px = inputs, pt = targets, pw = weights, pg = inputGradient)
        {
            this.inputs = px;
            this.targets = pt;
            this.weights = pw;
            this.inputGradient = pg;
            try
            {
                WorkerPool.Shared.Run(this, chunks);
            }
            finally
            {
                this.inputs = this.targets = this.weights = this.inputGradient = null;
            }
        }
    }

    public void Execute(int part)
    {
        using Parallelism.Scope oneThread = Parallelism.Limit(1);
        pass.RunChunk(
            part,
            fromLayer,
            new ReadOnlySpan<T>(inputs, inputsLength),
            new ReadOnlySpan<T>(targets, targetsLength),
            new ReadOnlySpan<T>(weights, weightsLength),
            batch,
            new Span<T>(inputGradient, inputGradientLength),
            shares,
            backward);
    }
}
