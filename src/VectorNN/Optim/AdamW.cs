using System.Numerics;

namespace VectorNN.Optim;

/// <summary>
/// AdamW (Loshchilov and Hutter, 2019) as PyTorch computes it: Adam with decoupled weight decay, which shrinks the
/// parameters directly rather than entering the moments: w *= 1 - lr lambda; g' = scale g; then Adam's moments and
/// step (see <see cref="Adam{T}"/>).
/// </summary>
/// <remarks><see cref="Optimizer{T}.WeightDecay"/> defaults to 0.01, as in PyTorch.</remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class AdamW<T> : Optimizer<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly AdamMoments<T> moments;

    /// <summary>Creates the optimizer; the defaults are PyTorch's.</summary>
    /// <param name="learningRate">The step size lr; finite and &gt;= 0.</param>
    /// <param name="beta1">The decay b1 of the first moment, in [0, 1).</param>
    /// <param name="beta2">The decay b2 of the second moment, in [0, 1).</param>
    /// <param name="epsilon">The term eps that keeps the denominator away from zero; finite and &gt; 0.</param>
    /// <param name="weightDecay">The decoupled weight-decay coefficient lambda; finite and &gt;= 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range stated for it.</exception>
    public AdamW(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01)
        : base(learningRate)
    {
        moments = new AdamMoments<T>(beta1, beta2, epsilon);
        WeightDecay = Hyperparameters.FiniteNonNegative(weightDecay, nameof(weightDecay));
    }

    /// <summary>The decay b1 of the first moment, in [0, 1).</summary>
    public double Beta1 => moments.Beta1;

    /// <summary>The decay b2 of the second moment, in [0, 1).</summary>
    public double Beta2 => moments.Beta2;

    /// <summary>The term eps added to the denominator; finite and &gt; 0.</summary>
    public double Epsilon => moments.Epsilon;

    /// <summary>
    /// The first moment m (the running mean of the gradients), one element per parameter of the bound arena in its
    /// layout; empty before the first <see cref="Optimizer{T}.Step"/> and after <see cref="Optimizer{T}.Reset"/>.
    /// Read-only access for saving the optimizer's state, together with <see cref="Optimizer{T}.StepCount"/>, which
    /// the bias corrections depend on.
    /// </summary>
    public ReadOnlySpan<T> FirstMoment => moments.First;

    /// <summary>
    /// The second moment v (the running mean of the squared gradients), laid out as <see cref="FirstMoment"/>.
    /// </summary>
    public ReadOnlySpan<T> SecondMoment => moments.Second;

    /// <inheritdoc/>
    protected override void Allocate(int count) => moments.Allocate(count);

    /// <inheritdoc/>
    protected override void Release() => moments.Release();

    /// <inheritdoc/>
    protected override void Update(Span<T> values, ReadOnlySpan<T> gradients, int offset, T gradientScale) =>
        moments.Update(values, gradients, offset, gradientScale, LearningRate, WeightDecay, decoupled: true, StepCount);
}
