using System.Numerics;
using VectorNN.Kernels;

namespace VectorNN.Optim;

/// <summary>
/// What <see cref="Adam{T}"/> and <see cref="AdamW{T}"/> share: their hyperparameters, the two moment buffers and the
/// update; they differ only in how weight decay enters.
/// </summary>
internal sealed class AdamMoments<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private T[] first = [];
    private T[] second = [];

    /// <exception cref="ArgumentOutOfRangeException">A beta is outside [0, 1), or epsilon is not finite and &gt; 0.</exception>
    public AdamMoments(double beta1, double beta2, double epsilon)
    {
        Beta1 = Hyperparameters.DecayFactor(beta1, nameof(beta1));
        Beta2 = Hyperparameters.DecayFactor(beta2, nameof(beta2));
        Epsilon = Hyperparameters.FinitePositive(epsilon, nameof(epsilon));
    }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Epsilon { get; }

    public ReadOnlySpan<T> First => first;

    public ReadOnlySpan<T> Second => second;

    public void Allocate(int count)
    {
        first = new T[count];
        second = new T[count];
    }

    public void Release()
    {
        first = [];
        second = [];
    }

    /// <summary>Updates one run of parameters at step <paramref name="step"/> (1 on the first).</summary>
    public void Update(
        Span<T> values, ReadOnlySpan<T> gradients, int offset, T gradientScale, double learningRate, double weightDecay, bool decoupled, long step)
    {
        // The bias corrections are formed in double, as PyTorch forms them in Python floats, so float parameters do
        // not lose the small difference 1 - b^t to rounding of b^t.
        double biasCorrection1 = 1 - Math.Pow(Beta1, step);
        double biasCorrection2 = 1 - Math.Pow(Beta2, step);
        ParameterUpdates.Adam(
            values,
            gradients,
            first.AsSpan(offset, values.Length),
            second.AsSpan(offset, values.Length),
            T.CreateChecked(learningRate),
            T.CreateChecked(Beta1),
            T.CreateChecked(Beta2),
            T.CreateChecked(Epsilon),
            gradientScale,
            T.CreateChecked(weightDecay),
            decoupled,
            T.CreateChecked(biasCorrection1),
            T.CreateChecked(biasCorrection2));
    }
}
