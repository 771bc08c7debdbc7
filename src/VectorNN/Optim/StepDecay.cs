namespace VectorNN.Optim;

/// <summary>
/// Step decay: the rate is multiplied by <see cref="Gamma"/> every <see cref="Every"/> epochs, r0 x gamma^floor((epoch - 1) / every)
/// (PyTorch's <c>StepLR</c> with epochs counted from 1).
/// </summary>
public sealed class StepDecay : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="every">Epochs between two decays, &gt;= 1.</param>
    /// <param name="gamma">The factor of each decay, in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range; the message gives the range.</exception>
    public StepDecay(int every, double gamma)
    {
        Every = ScheduleParameters.Epochs(every, 1, nameof(every));
        Gamma = ScheduleParameters.Gamma(gamma, nameof(gamma));
    }

    /// <summary>Epochs between two decays.</summary>
    public int Every { get; }

    /// <summary>The factor of each decay.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public double LearningRate(int epoch, double initialRate) => initialRate * Math.Pow(Gamma, (epoch - 1) / Every);
}
