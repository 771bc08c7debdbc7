using System.Numerics;
using VectorNN.Kernels;
using VectorNN.Memory;

namespace VectorNN.Optim;

/// <summary>
/// Updates the trainable parameters of a <see cref="ParameterArena{T}"/> from gradients in the same layout (a
/// <see cref="GradientBuffer{T}"/>'s values). Each update is one pass over the arena's trainable runs; gradient-norm
/// clipping adds one reduction before it.
/// </summary>
/// <remarks>
/// <para>
/// An optimizer with state (momentum, Adam's moments) keeps it in buffers of the arena's layout, allocated on the first
/// <see cref="Step"/>; later steps allocate nothing. It is bound to the first arena it updates (see
/// <see cref="Reset"/>).
/// </para>
/// <para>
/// <see cref="WeightDecay"/> is L2 regularization: lambda w is added to the gradient before the update (PyTorch's
/// <c>weight_decay</c>), except where an optimizer documents decoupled decay (<see cref="AdamW{T}"/>).
/// <see cref="MaxGradientNorm"/> scales the whole gradient by min(1, max / (||g||_2 + 1e-6)), as PyTorch's
/// <c>clip_grad_norm_</c>, where the norm runs over the trainable parameters.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class Optimizer<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private double learningRate;
    private double weightDecay;
    private double maxGradientNorm = double.PositiveInfinity;

    // Whether Update may run on disjoint runs from several threads at once: true for this library's optimizers, whose
    // Update touches only its run and the same range of its state.
    private readonly bool concurrentUpdates;

    /// <summary>Creates an optimizer with the given learning rate.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative, NaN or infinite.</exception>
    protected Optimizer(double learningRate)
    {
        this.learningRate = Hyperparameters.FiniteNonNegative(learningRate, nameof(learningRate));
        concurrentUpdates = GetType().Assembly == typeof(Optimizer<T>).Assembly;
    }

    /// <summary>The step size; finite and &gt;= 0. May be changed between steps (a schedule).</summary>
    public double LearningRate
    {
        get => learningRate;
        set => learningRate = Hyperparameters.FiniteNonNegative(value, nameof(LearningRate));
    }

    /// <summary>The L2 coefficient lambda; finite and &gt;= 0; 0 (the default) turns it off.</summary>
    public double WeightDecay
    {
        get => weightDecay;
        set => weightDecay = Hyperparameters.FiniteNonNegative(value, nameof(WeightDecay));
    }

    /// <summary>
    /// The largest L2 norm the gradient may have; larger gradients are scaled down to it. &gt; 0;
    /// <see cref="double.PositiveInfinity"/> (the default) turns clipping off.
    /// </summary>
    public double MaxGradientNorm
    {
        get => maxGradientNorm;
        set => maxGradientNorm = value > 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxGradientNorm), value, $"Expected a norm > 0, got {value}.");
    }

    /// <summary>Number of steps taken since creation or the last <see cref="Reset"/>.</summary>
    public long StepCount { get; private set; }

    /// <summary>Number of parameters of the arena this optimizer is bound to; 0 before the first step.</summary>
    protected int BoundCount { get; private set; }

    /// <summary>
    /// Applies one update to every trainable parameter of <paramref name="arena"/> from <paramref name="gradients"/>;
    /// frozen parameters (<see cref="ParameterArena{T}.TrainableRanges"/>) are left as they are, and their gradients unread.
    /// </summary>
    /// <param name="arena">The parameters to update.</param>
    /// <param name="gradients">One gradient per parameter, in the arena's layout (e.g. <see cref="GradientBuffer{T}.Values"/>).</param>
    /// <exception cref="ArgumentException">
    /// The arena differs in size from the one this optimizer was bound to, or <paramref name="gradients"/> is not exactly
    /// as long as the arena.
    /// </exception>
    public void Step(ParameterArena<T> arena, ReadOnlySpan<T> gradients)
    {
        ArgumentNullException.ThrowIfNull(arena);
        if (gradients.Length != arena.Count)
        {
            throw new ArgumentException($"Expected {arena.Count} gradients (one per parameter of the arena), got {gradients.Length}.", nameof(gradients));
        }

        if (BoundCount == 0)
        {
            BoundCount = arena.Count;
            Allocate(arena.Count);
        }
        else if (BoundCount != arena.Count)
        {
            throw new ArgumentException(
                $"Expected an arena of {BoundCount} parameters (the one this optimizer was first used with), got {arena.Count}. Call Reset first to use it with another network.",
                nameof(arena));
        }

        T scale = T.One;
        if (!double.IsPositiveInfinity(maxGradientNorm))
        {
            double norm = Norm(gradients, arena.TrainableRanges);
            if (norm > maxGradientNorm)
            {
                scale = T.CreateChecked(maxGradientNorm / (norm + 1e-6));
            }
        }

        // The library's optimizers update each thread's own rows (OwnedRowsUpdate), where the step's gradient product
        // left them; a derived optimizer's Update is not assumed safe to run on two runs at once, so its large runs are
        // split inside the update kernels (ParameterUpdates) as before.
        StepCount++;
        if (concurrentUpdates && OwnedRowsUpdate<T>.TryRun(this, arena, gradients, scale))
        {
            return;
        }

        Span<T> values = arena.Values;
        foreach (Range run in arena.TrainableRanges)
        {
            (int offset, int length) = run.GetOffsetAndLength(arena.Count);
            Update(values.Slice(offset, length), gradients.Slice(offset, length), offset, scale);
        }
    }

    /// <summary><see cref="Update"/>, for <see cref="OwnedRowsUpdate{T}"/>'s parts.</summary>
    internal void UpdateRun(Span<T> values, ReadOnlySpan<T> gradients, int offset, T gradientScale) =>
        Update(values, gradients, offset, gradientScale);

    /// <summary>Forgets the step count and all state, and unbinds the optimizer from its arena.</summary>
    public void Reset()
    {
        StepCount = 0;
        BoundCount = 0;
        Release();
    }

    /// <summary>Number of parameters of the bound arena, 0 when unbound: the length of every state buffer.</summary>
    internal int BoundParameterCount => BoundCount;

    /// <summary>
    /// The name under which the optimizer-state file records this optimizer (<see cref="Names.Optimizers"/> for this
    /// library's), e.g. <c>adam</c>: a saved state is restored only into an optimizer of the same name.
    /// </summary>
    public abstract string Name { get; }

    /// <summary>
    /// The hyperparameters fixed at construction that give the state its meaning, by name (e.g. <c>momentum</c>;
    /// <c>beta1</c>, <c>beta2</c>, <c>epsilon</c>): the state file records them, and a saved state is restored only
    /// into an optimizer with the same values. Empty by default.
    /// </summary>
    /// <remarks>
    /// The learning rate, weight decay and gradient-norm limit are settings that may change between steps; they are
    /// recorded too, but not required to match. Names are lower case, and must differ from those settings' names.
    /// </remarks>
    public virtual IReadOnlyList<KeyValuePair<string, double>> StateHyperparameters => [];

    /// <summary>
    /// The names of the state buffers (e.g. <c>velocity</c>; <c>first_moment</c>, <c>second_moment</c>), one per
    /// buffer of <see cref="GetStateBuffer"/>, under which the state file stores them; empty (the default) for a
    /// stateless optimizer.
    /// </summary>
    public virtual IReadOnlyList<string> StateNames => [];

    /// <summary>
    /// State buffer <paramref name="index"/> (see <see cref="StateNames"/>): one element per parameter of the bound
    /// arena, in its layout; empty while unbound. Writable, so that a saved state can be restored into it.
    /// </summary>
    /// <remarks>
    /// An optimizer with state overrides this and <see cref="StateNames"/>, and allocates the buffers in
    /// <see cref="Allocate"/>; the state file then saves and restores it like this library's optimizers.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below the number of <see cref="StateNames"/>.</exception>
    protected internal virtual Span<T> GetStateBuffer(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, "This optimizer keeps no state buffers.");

    /// <summary>
    /// Forgets all state, then binds to an arena of <paramref name="count"/> parameters with zeroed buffers (none when
    /// <paramref name="count"/> is 0) and sets <see cref="StepCount"/>, so that a saved state can be copied into
    /// <see cref="GetStateBuffer"/> and training resumes where it stopped.
    /// </summary>
    internal void Restore(int count, long stepCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        Reset();
        if (count > 0)
        {
            BoundCount = count;
            Allocate(count);
        }

        StepCount = stepCount;
    }

    /// <summary>Allocates state buffers for an arena of <paramref name="count"/> parameters (zeroed).</summary>
    protected abstract void Allocate(int count);

    /// <summary>Drops the state buffers.</summary>
    protected abstract void Release();

    /// <summary>
    /// Updates one run of trainable parameters. <see cref="StepCount"/> is already the number of this step (1 on the
    /// first).
    /// </summary>
    /// <param name="values">The parameters of the run, updated in place.</param>
    /// <param name="gradients">Their gradients, before clipping.</param>
    /// <param name="offset">Index of the run's first parameter in the arena: the offset into state buffers.</param>
    /// <param name="gradientScale">The clipping factor to multiply every gradient by (1 without clipping).</param>
    protected abstract void Update(Span<T> values, ReadOnlySpan<T> gradients, int offset, T gradientScale);

    /// <summary>
    /// The L2 norm of the trainable gradients. The squares are summed with the vector kernel in T; when that sum
    /// overflows (float squares pass float's range from about 1.8e19), the norm is taken again in double, scaled by
    /// the largest magnitude, so large but finite gradients are clipped rather than zeroed.
    /// </summary>
    private static double Norm(ReadOnlySpan<T> gradients, ReadOnlySpan<Range> runs)
    {
        T sum = T.Zero;
        foreach (Range run in runs)
        {
            ReadOnlySpan<T> g = gradients[run];
            sum += Reduce.Dot(g, g);
        }

        double norm = Math.Sqrt(double.CreateChecked(sum));
        if (double.IsFinite(norm))
        {
            return norm;
        }

        double largest = 0;
        foreach (Range run in runs)
        {
            foreach (T v in gradients[run])
            {
                largest = Math.Max(largest, Math.Abs(double.CreateChecked(v)));
            }
        }

        if (!double.IsFinite(largest) || largest == 0)
        {
            return largest;
        }

        double scaled = 0;
        foreach (Range run in runs)
        {
            foreach (T v in gradients[run])
            {
                double r = double.CreateChecked(v) / largest;
                scaled += r * r;
            }
        }

        return largest * Math.Sqrt(scaled);
    }
}
