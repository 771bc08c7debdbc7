namespace VectorNN.Optim;

/// <summary>
/// Cosine annealing over <see cref="Epochs"/> epochs, after an optional linear warm-up: with W =
/// <see cref="WarmupEpochs"/>, epoch e &lt;= W runs at r0 x e / W; epoch e in (W, <see cref="Epochs"/>] at
/// min + (r0 - min)(1 + cos(pi (e - W - 1) / (Epochs - W))) / 2, which starts at r0 and falls towards
/// <see cref="MinRate"/> (PyTorch's <c>CosineAnnealingLR</c> with T_max = Epochs - W, without restarts); later epochs
/// run at <see cref="MinRate"/>.
/// </summary>
/// <remarks>
/// The rate follows from the epoch number alone, so a resumed run continues the curve as long as it uses the same
/// <see cref="Epochs"/>. A <see cref="MinRate"/> above the initial rate makes the curve rise instead.
/// </remarks>
public sealed class CosineAnnealing : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="epochs">The length of warm-up and annealing together, &gt;= 1.</param>
    /// <param name="minRate">The rate the curve falls to, finite and &gt;= 0.</param>
    /// <param name="warmupEpochs">Epochs of linear warm-up, 0 to <paramref name="epochs"/> - 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range; the message gives the range.</exception>
    public CosineAnnealing(int epochs, double minRate = 0, int warmupEpochs = 0)
    {
        Epochs = ScheduleParameters.Epochs(epochs, 1, nameof(epochs));
        MinRate = ScheduleParameters.FiniteNonNegative(minRate, nameof(minRate));
        WarmupEpochs = warmupEpochs >= 0 && warmupEpochs < epochs
            ? warmupEpochs
            : throw new ArgumentOutOfRangeException(nameof(warmupEpochs), warmupEpochs, $"Expected {nameof(warmupEpochs)} from 0 to epochs - 1 = {epochs - 1}, got {warmupEpochs}.");
    }

    /// <summary>The length of warm-up and annealing together.</summary>
    public int Epochs { get; }

    /// <summary>The rate the curve falls to.</summary>
    public double MinRate { get; }

    /// <summary>Epochs of linear warm-up before the annealing.</summary>
    public int WarmupEpochs { get; }

    /// <inheritdoc/>
    public double LearningRate(int epoch, double initialRate)
    {
        if (epoch <= WarmupEpochs)
        {
            return initialRate * epoch / WarmupEpochs;
        }

        if (epoch > Epochs)
        {
            return MinRate;
        }

        double progress = (double)(epoch - WarmupEpochs - 1) / (Epochs - WarmupEpochs);
        return MinRate + ((initialRate - MinRate) * (1 + Math.Cos(Math.PI * progress)) / 2);
    }
}
