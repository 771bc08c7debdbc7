using System.Numerics;
using VectorNN.Kernels;

namespace VectorNN.Optim;

/// <summary>
/// Gradient descent with momentum, classic (Polyak) or Nesterov, as PyTorch's SGD with dampening 0:
/// g' = scale g + lambda w; v = mu v + g'; w -= lr v, or w -= lr (g' + mu v) with Nesterov's correction.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Momentum<T> : Optimizer<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private T[] velocity = [];

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">The step size lr; finite and &gt;= 0.</param>
    /// <param name="momentum">The momentum coefficient mu, in [0, 1).</param>
    /// <param name="nesterov">Whether to use Nesterov's correction.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="learningRate"/> is negative, NaN or infinite, or <paramref name="momentum"/> is outside [0, 1).
    /// </exception>
    public Momentum(double learningRate, double momentum = 0.9, bool nesterov = false)
        : base(learningRate)
    {
        Coefficient = Hyperparameters.DecayFactor(momentum, nameof(momentum));
        Nesterov = nesterov;
    }

    /// <summary>The momentum coefficient mu, in [0, 1).</summary>
    public double Coefficient { get; }

    /// <summary>Whether the step follows Nesterov's correction g' + mu v rather than the velocity v.</summary>
    public bool Nesterov { get; }

    /// <summary>
    /// The velocity v, one element per parameter of the bound arena in its layout (frozen parameters keep theirs);
    /// empty before the first <see cref="Optimizer{T}.Step"/> and after <see cref="Optimizer{T}.Reset"/>. Read-only
    /// access for saving the optimizer's state.
    /// </summary>
    public ReadOnlySpan<T> Velocity => velocity;

    /// <inheritdoc/>
    public override string Name => Nesterov ? Names.Nesterov : Names.Momentum;

    /// <inheritdoc/>
    public override IReadOnlyList<KeyValuePair<string, double>> StateHyperparameters => [new("momentum", Coefficient)];

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateNames { get; } = ["velocity"];

    /// <inheritdoc/>
    protected internal override Span<T> GetStateBuffer(int index) => index == 0 ? velocity : base.GetStateBuffer(index);

    /// <inheritdoc/>
    protected override void Allocate(int count) => velocity = new T[count];

    /// <inheritdoc/>
    protected override void Release() => velocity = [];

    /// <inheritdoc/>
    protected override void Update(Span<T> values, ReadOnlySpan<T> gradients, int offset, T gradientScale) =>
        ParameterUpdates.Momentum(
            values,
            gradients,
            velocity.AsSpan(offset, values.Length),
            T.CreateChecked(LearningRate),
            T.CreateChecked(Coefficient),
            gradientScale,
            T.CreateChecked(WeightDecay),
            Nesterov);
}
