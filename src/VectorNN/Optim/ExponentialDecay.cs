namespace VectorNN.Optim;

/// <summary>
/// Exponential decay: the rate is multiplied by <see cref="Gamma"/> every epoch, r0 x gamma^(epoch - 1) (PyTorch's
/// <c>ExponentialLR</c> with epochs counted from 1).
/// </summary>
public sealed class ExponentialDecay : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="gamma">The factor per epoch, in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is out of range.</exception>
    public ExponentialDecay(double gamma) => Gamma = ScheduleParameters.Gamma(gamma, nameof(gamma));

    /// <summary>The factor per epoch.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public double LearningRate(int epoch, double initialRate) => initialRate * Math.Pow(Gamma, epoch - 1);
}
