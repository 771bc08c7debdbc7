using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VectorNN.Kernels.Cores;
using VectorNN.Kernels.Threading;

namespace VectorNN.Kernels;

/// <summary>
/// The per-element update rules of the optimizers, each one vectorized pass over the parameters, their gradients and
/// the optimizer's state. The element type <c>T</c> is <see cref="float"/> or <see cref="double"/>.
/// </summary>
/// <remarks>
/// <para>
/// Every span must have the length of <c>parameters</c>, and no two may overlap. Arguments are checked before anything
/// is written. The methods allocate nothing after their first call on a thread.
/// </para>
/// <para>
/// Spans of 65 536 elements or more are split between up to <see cref="Parallelism.Current"/> threads. Each
/// element's update depends only on that element, so results do not depend on the number of threads.
/// </para>
/// <para>
/// <c>gradientScale</c> multiplies every gradient first (the factor of gradient-norm clipping, 1 without it);
/// <c>weightDecay</c> then adds lambda w to it (L2 regularization), except in Adam's decoupled form. Multiply-adds are
/// fused where the hardware has FMA, so results may differ from a textbook evaluation by a rounding per operation.
/// </para>
/// </remarks>
public static class ParameterUpdates
{
    /// <summary>Gradient descent: g' = scale g + lambda w; w -= lr g'.</summary>
    /// <param name="parameters">The parameters w, updated in place.</param>
    /// <param name="gradients">The gradients g.</param>
    /// <param name="learningRate">The step size lr.</param>
    /// <param name="gradientScale">The factor the gradients are multiplied by.</param>
    /// <param name="weightDecay">The L2 coefficient lambda.</param>
    /// <exception cref="ArgumentException">The lengths differ or two spans overlap.</exception>
    public static void Sgd<T>(Span<T> parameters, ReadOnlySpan<T> gradients, T learningRate, T gradientScale, T weightDecay)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckPair(parameters, gradients);
        ParameterUpdateParallel<T, SgdRule<T>>.Apply(
            ref MemoryMarshal.GetReference(parameters),
            ref MemoryMarshal.GetReference(gradients),
            ref Unsafe.NullRef<T>(),
            ref Unsafe.NullRef<T>(),
            parameters.Length,
            new SgdRule<T>(learningRate, gradientScale, weightDecay));
    }

    /// <summary>
    /// Gradient descent with momentum, as PyTorch's SGD with dampening 0: g' = scale g + lambda w; v = mu v + g';
    /// w -= lr v, or with Nesterov's correction w -= lr (g' + mu v).
    /// </summary>
    /// <param name="parameters">The parameters w, updated in place.</param>
    /// <param name="gradients">The gradients g.</param>
    /// <param name="velocity">The velocity v (zero before the first step), updated in place.</param>
    /// <param name="learningRate">The step size lr.</param>
    /// <param name="momentum">The momentum coefficient mu.</param>
    /// <param name="gradientScale">The factor the gradients are multiplied by.</param>
    /// <param name="weightDecay">The L2 coefficient lambda.</param>
    /// <param name="nesterov">Whether to step along g' + mu v (Nesterov momentum) rather than v.</param>
    /// <exception cref="ArgumentException">The lengths differ or two spans overlap.</exception>
    public static void Momentum<T>(
        Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> velocity, T learningRate, T momentum, T gradientScale, T weightDecay, bool nesterov)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckPair(parameters, gradients);
        CheckState(parameters, gradients, velocity, nameof(velocity));
        ParameterUpdateParallel<T, MomentumRule<T>>.Apply(
            ref MemoryMarshal.GetReference(parameters),
            ref MemoryMarshal.GetReference(gradients),
            ref MemoryMarshal.GetReference(velocity),
            ref Unsafe.NullRef<T>(),
            parameters.Length,
            new MomentumRule<T>(learningRate, momentum, gradientScale, weightDecay, nesterov));
    }

    /// <summary>
    /// Adam (Kingma and Ba), or AdamW (Loshchilov and Hutter) with <see cref="AdamStep{T}.DecoupledWeightDecay"/>, as
    /// PyTorch computes them: g' = scale g (+ lambda w for Adam); w *= 1 - lr lambda first for AdamW;
    /// m = b1 m + (1 - b1) g'; v = b2 v + (1 - b2) g'^2; w -= (lr / c1) m / (sqrt(v) / sqrt(c2) + eps).
    /// </summary>
    /// <param name="parameters">The parameters w, updated in place.</param>
    /// <param name="gradients">The gradients g.</param>
    /// <param name="firstMoment">The first moment m (zero before the first step), updated in place.</param>
    /// <param name="secondMoment">The second moment v (zero before the first step), updated in place.</param>
    /// <param name="step">The step's scalars: lr, b1, b2, eps, c1, c2, the gradient scale and lambda.</param>
    /// <exception cref="ArgumentException">The lengths differ or two spans overlap.</exception>
    public static void Adam<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> firstMoment, Span<T> secondMoment, in AdamStep<T> step)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckPair(parameters, gradients);
        CheckState(parameters, gradients, firstMoment, nameof(firstMoment));
        CheckState(parameters, gradients, secondMoment, nameof(secondMoment));
        Guard.Disjoint<T>(firstMoment, secondMoment, nameof(secondMoment));
        T keep = step.DecoupledWeightDecay ? T.One - (step.LearningRate * step.WeightDecay) : T.One;
        T l2 = step.DecoupledWeightDecay ? T.Zero : step.WeightDecay;
        var rule = new AdamRule<T>(
            keep, step.GradientScale, l2, step.Beta1, step.Beta2, step.LearningRate / step.BiasCorrection1, T.Sqrt(step.BiasCorrection2), step.Epsilon);
        ParameterUpdateParallel<T, AdamRule<T>>.Apply(
            ref MemoryMarshal.GetReference(parameters),
            ref MemoryMarshal.GetReference(gradients),
            ref MemoryMarshal.GetReference(firstMoment),
            ref MemoryMarshal.GetReference(secondMoment),
            parameters.Length,
            rule);
    }

    private static void CheckPair<T>(Span<T> parameters, ReadOnlySpan<T> gradients)
    {
        Guard.SameLength((ReadOnlySpan<T>)parameters, gradients, nameof(gradients));
        Guard.Disjoint(gradients, parameters, nameof(gradients));
    }

    private static void CheckState<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> state, string paramName)
    {
        Guard.SameLength((ReadOnlySpan<T>)parameters, state, paramName);
        Guard.Disjoint<T>(parameters, state, paramName);
        Guard.Disjoint(gradients, state, paramName);
    }
}
