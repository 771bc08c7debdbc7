using System.Numerics;

namespace VectorNN.Kernels;

/// <summary>
/// The scalars of one Adam or AdamW update (<see cref="ParameterUpdates.Adam{T}"/>): the hyperparameters, this step's
/// bias corrections, and the clipping factor.
/// </summary>
/// <param name="LearningRate">The step size lr.</param>
/// <param name="Beta1">The decay b1 of the first moment.</param>
/// <param name="Beta2">The decay b2 of the second moment.</param>
/// <param name="Epsilon">The term eps that keeps the denominator away from zero.</param>
/// <param name="BiasCorrection1">c1 = 1 - b1^t at step t (1-based).</param>
/// <param name="BiasCorrection2">c2 = 1 - b2^t at step t (1-based).</param>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public readonly record struct AdamStep<T>(T LearningRate, T Beta1, T Beta2, T Epsilon, T BiasCorrection1, T BiasCorrection2)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The factor the gradients are multiplied by (gradient clipping); 1 by default.</summary>
    public T GradientScale { get; init; } = T.One;

    /// <summary>The weight-decay coefficient lambda; 0 by default.</summary>
    public T WeightDecay { get; init; }

    /// <summary>
    /// <see langword="true"/> for AdamW: the parameters shrink by lr lambda directly instead of lambda w entering the
    /// moments; <see langword="false"/> (the default) for Adam's L2 decay.
    /// </summary>
    public bool DecoupledWeightDecay { get; init; }
}
