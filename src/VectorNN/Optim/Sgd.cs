using System.Numerics;
using VectorNN.Kernels;

namespace VectorNN.Optim;

/// <summary>
/// Plain stochastic gradient descent, the tutorials' rule w -= lr dE/dw, with the gradient first clipped and L2
/// weight decay added as the base class describes: w -= lr (scale g + lambda w).
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Sgd<T> : Optimizer<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The step size lr; finite and &gt;= 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative, NaN or infinite.</exception>
    public Sgd(double learningRate)
        : base(learningRate)
    {
    }

    /// <inheritdoc/>
    public override string Name => Names.Sgd;

    /// <inheritdoc/>
    protected override void Allocate(int count)
    {
        // Stateless: nothing to keep between steps.
    }

    /// <inheritdoc/>
    protected override void Release()
    {
    }

    /// <inheritdoc/>
    protected override void Update(Span<T> values, ReadOnlySpan<T> gradients, int offset, T gradientScale) =>
        ParameterUpdates.Sgd(values, gradients, T.CreateChecked(LearningRate), gradientScale, T.CreateChecked(WeightDecay));
}
