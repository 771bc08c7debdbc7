using System.Numerics;
using VectorNN.Kernels;

namespace VectorNN.Optim;

/// <summary>
/// Adam (Kingma and Ba, 2015) as PyTorch computes it, with L2 weight decay added to the gradient:
/// g' = scale g + lambda w; m = b1 m + (1 - b1) g'; v = b2 v + (1 - b2) g'^2;
/// w -= (lr / c1) m / (sqrt(v) / sqrt(c2) + eps), with the bias corrections c1 = 1 - b1^t and c2 = 1 - b2^t at step t.
/// </summary>
/// <remarks>
/// With Adam, L2 decay is scaled down by the adaptive denominator like any gradient, so it is weaker on parameters
/// with large gradients; <see cref="AdamW{T}"/> decouples it.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public class Adam<T> : Optimizer<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly bool decoupled;
    private T[] first = [];
    private T[] second = [];

    /// <summary>Creates the optimizer; the defaults are PyTorch's.</summary>
    /// <param name="learningRate">The step size lr; finite and &gt;= 0.</param>
    /// <param name="beta1">The decay b1 of the first moment, in [0, 1).</param>
    /// <param name="beta2">The decay b2 of the second moment, in [0, 1).</param>
    /// <param name="epsilon">The term eps that keeps the denominator away from zero; finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the range stated for it.</exception>
    public Adam(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        : this(learningRate, beta1, beta2, epsilon, decoupled: false)
    {
    }

    /// <summary>Creates the optimizer with weight decay added to the gradient, or decoupled from it (AdamW).</summary>
    private protected Adam(double learningRate, double beta1, double beta2, double epsilon, bool decoupled)
        : base(learningRate)
    {
        Beta1 = Hyperparameters.DecayFactor(beta1, nameof(beta1));
        Beta2 = Hyperparameters.DecayFactor(beta2, nameof(beta2));
        Epsilon = Hyperparameters.FinitePositive(epsilon, nameof(epsilon));
        this.decoupled = decoupled;
    }

    /// <summary>The decay b1 of the first moment, in [0, 1).</summary>
    public double Beta1 { get; }

    /// <summary>The decay b2 of the second moment, in [0, 1).</summary>
    public double Beta2 { get; }

    /// <summary>The term eps added to the denominator; finite and &gt; 0.</summary>
    public double Epsilon { get; }

    /// <summary>
    /// The first moment m (the running mean of the gradients), one element per parameter of the bound arena in its
    /// layout; empty before the first <see cref="Optimizer{T}.Step"/> and after <see cref="Optimizer{T}.Reset"/>.
    /// Read-only access for saving the optimizer's state, together with <see cref="Optimizer{T}.StepCount"/>, which
    /// the bias corrections depend on.
    /// </summary>
    public ReadOnlySpan<T> FirstMoment => first;

    /// <summary>
    /// The second moment v (the running mean of the squared gradients), laid out as <see cref="FirstMoment"/>.
    /// </summary>
    public ReadOnlySpan<T> SecondMoment => second;

    /// <inheritdoc/>
    public override string Name => Names.Adam;

    /// <inheritdoc/>
    public override IReadOnlyList<KeyValuePair<string, double>> StateHyperparameters =>
        [new("beta1", Beta1), new("beta2", Beta2), new("epsilon", Epsilon)];

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateNames { get; } = ["first_moment", "second_moment"];

    /// <inheritdoc/>
    protected internal override Span<T> GetStateBuffer(int index) => index switch
    {
        0 => first,
        1 => second,
        _ => base.GetStateBuffer(index),
    };

    /// <inheritdoc/>
    protected override void Allocate(int count)
    {
        first = new T[count];
        second = new T[count];
    }

    /// <inheritdoc/>
    protected override void Release()
    {
        first = [];
        second = [];
    }

    /// <inheritdoc/>
    protected override void Update(Span<T> values, ReadOnlySpan<T> gradients, int offset, T gradientScale)
    {
        // The bias corrections are formed in double, as PyTorch forms them in Python floats, so float parameters do
        // not lose the small difference 1 - b^t to rounding of b^t.
        double biasCorrection1 = 1 - Math.Pow(Beta1, StepCount);
        double biasCorrection2 = 1 - Math.Pow(Beta2, StepCount);
        var step = new AdamStep<T>(
            T.CreateChecked(LearningRate),
            T.CreateChecked(Beta1),
            T.CreateChecked(Beta2),
            T.CreateChecked(Epsilon),
            T.CreateChecked(biasCorrection1),
            T.CreateChecked(biasCorrection2))
        {
            GradientScale = gradientScale,
            WeightDecay = T.CreateChecked(WeightDecay),
            DecoupledWeightDecay = decoupled,
        };
        ParameterUpdates.Adam(values, gradients, first.AsSpan(offset, values.Length), second.AsSpan(offset, values.Length), step);
    }
}
