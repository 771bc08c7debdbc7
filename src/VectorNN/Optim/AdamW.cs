using System.Numerics;

namespace VectorNN.Optim;

/// <summary>
/// AdamW (Loshchilov and Hutter, 2019) as PyTorch computes it: Adam with decoupled weight decay, which shrinks the
/// parameters directly rather than entering the moments: w *= 1 - lr lambda; g' = scale g; then Adam's moments and
/// step (see <see cref="Adam{T}"/>).
/// </summary>
/// <remarks><see cref="Optimizer{T}.WeightDecay"/> defaults to 0.01, as in PyTorch.</remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class AdamW<T> : Adam<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Creates the optimizer; the defaults are PyTorch's.</summary>
    /// <param name="learningRate">The step size lr; finite and &gt;= 0.</param>
    /// <param name="beta1">The decay b1 of the first moment, in [0, 1).</param>
    /// <param name="beta2">The decay b2 of the second moment, in [0, 1).</param>
    /// <param name="epsilon">The term eps that keeps the denominator away from zero; finite and &gt; 0.</param>
    /// <param name="weightDecay">The decoupled weight-decay coefficient lambda; finite and &gt;= 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range stated for it.</exception>
    public AdamW(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01)
        : base(learningRate, beta1, beta2, epsilon, decoupled: true)
    {
        WeightDecay = Hyperparameters.FiniteNonNegative(weightDecay, nameof(weightDecay));
    }

    /// <inheritdoc/>
    public override string Name => Names.AdamW;
}
