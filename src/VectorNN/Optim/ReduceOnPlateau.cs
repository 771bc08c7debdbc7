namespace VectorNN.Optim;

/// <summary>
/// Reduce on plateau: the rate is multiplied by <see cref="Factor"/>, but not below <see cref="MinRate"/>, once the
/// monitored loss (the validation loss, or the training loss of a run without validation data) has gone
/// <see cref="Patience"/> epochs without falling more than <see cref="MinDelta"/> below the best so far; the count
/// then starts again. As Keras's <c>ReduceLROnPlateau</c> (PyTorch's reduces one epoch later, when the count exceeds
/// its patience, and measures the improvement relative to the best loss).
/// </summary>
/// <remarks>
/// The first epoch runs at the initial rate. The state (<see cref="CurrentRate"/>, <see cref="BestLoss"/>,
/// <see cref="BadEpochs"/>) is saved with the training state as <c>rate</c>, <c>best_loss</c> and <c>bad_epochs</c>, so a
/// resumed run continues at the reduced rate, whatever initial rate it is given. An instance belongs to one trainer at
/// a time.
/// </remarks>
public sealed class ReduceOnPlateau : ILearningRateSchedule
{
    private const string RateKey = "rate";
    private const string BestKey = "best_loss";
    private const string BadKey = "bad_epochs";

    /// <summary>Creates the schedule.</summary>
    /// <param name="factor">The factor of each reduction, in (0, 1); PyTorch's default 0.1.</param>
    /// <param name="patience">Epochs without improvement before a reduction, &gt;= 1; PyTorch's default 10.</param>
    /// <param name="minRate">The lowest rate a reduction goes to, finite and &gt;= 0.</param>
    /// <param name="minDelta">How far below the best loss a loss must be to count as an improvement, finite and &gt;= 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range; the message gives the range.</exception>
    public ReduceOnPlateau(double factor = 0.1, int patience = 10, double minRate = 0, double minDelta = 0)
    {
        Factor = ScheduleParameters.Factor(factor, nameof(factor));
        Patience = ScheduleParameters.Epochs(patience, 1, nameof(patience));
        MinRate = ScheduleParameters.FiniteNonNegative(minRate, nameof(minRate));
        MinDelta = ScheduleParameters.FiniteNonNegative(minDelta, nameof(minDelta));
    }

    /// <summary>The factor of each reduction.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement before a reduction.</summary>
    public int Patience { get; }

    /// <summary>The lowest rate a reduction goes to.</summary>
    public double MinRate { get; }

    /// <summary>How far below the best loss a loss must be to count as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>The rate now in use; null until the first epoch asks for one.</summary>
    public double? CurrentRate { get; private set; }

    /// <summary>The lowest monitored loss seen; +infinity before the first.</summary>
    public double BestLoss { get; private set; } = double.PositiveInfinity;

    /// <summary>Epochs since the last improvement or reduction.</summary>
    public int BadEpochs { get; private set; }

    /// <inheritdoc/>
    IReadOnlyList<KeyValuePair<string, double>> ILearningRateSchedule.State =>
        CurrentRate is double rate ? [new(RateKey, rate), new(BestKey, BestLoss), new(BadKey, BadEpochs)] : [];

    /// <inheritdoc/>
    public double LearningRate(int epoch, double initialRate) => CurrentRate ??= initialRate;

    /// <inheritdoc/>
    public void Observe(int epoch, double monitoredLoss)
    {
        // A NaN loss compares false: it counts as an epoch without improvement.
        if (monitoredLoss < BestLoss - MinDelta)
        {
            BestLoss = monitoredLoss;
            BadEpochs = 0;
        }
        else if (++BadEpochs >= Patience && CurrentRate is double rate)
        {
            // Never upwards: a rate already below the minimum stays.
            CurrentRate = Math.Min(rate, Math.Max(rate * Factor, MinRate));
            BadEpochs = 0;
        }
    }

    /// <inheritdoc/>
    void ILearningRateSchedule.Restore(IReadOnlyList<KeyValuePair<string, double>> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Count == 0)
        {
            (CurrentRate, BestLoss, BadEpochs) = (null, double.PositiveInfinity, 0);
            return;
        }

        double Get(string key) => state.FirstOrDefault(p => p.Key == key) is { Key: not null } p
            ? p.Value
            : throw new ArgumentException($"Expected a plateau schedule's state with {RateKey}, {BestKey} and {BadKey}, got {string.Join(", ", state.Select(s => s.Key))}.", nameof(state));
        double rate = Get(RateKey), best = Get(BestKey), bad = Get(BadKey);
        if (!double.IsFinite(rate) || rate < 0 || double.IsNaN(best) || bad < 0 || bad != Math.Floor(bad) || bad > int.MaxValue)
        {
            throw new ArgumentException($"Expected a rate finite and >= 0, a best loss that is a number and a whole count of bad epochs >= 0, got {rate}, {best}, {bad}.", nameof(state));
        }

        (CurrentRate, BestLoss, BadEpochs) = (rate, best, (int)bad);
    }
}
