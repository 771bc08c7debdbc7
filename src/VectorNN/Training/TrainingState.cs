using System.Globalization;

namespace VectorNN.Training;

/// <summary>
/// Where a training run stands between epochs: how many epochs it has completed and the position of the generator
/// that shuffles the samples and draws the dropout masks. With the optimizer's state (which holds the step count) it is all that resuming needs:
/// <see cref="Trainer{T}"/> continues from its <see cref="Trainer{T}.State"/>, and the optimizer-state file saves it
/// (<see cref="IO.OptimizerStateFile"/>), so that training 2 epochs, saving, loading and training 2 more gives the
/// same weights, bit for bit, as training 4.
/// </summary>
/// <remarks>
/// A learning-rate schedule (<see cref="TrainingOptions.LearningRateSchedule"/>) resumes from
/// <see cref="EpochsCompleted"/>, and one that adapts to the loss from <see cref="ScheduleState"/> as well.
/// </remarks>
public sealed record TrainingState
{
    private TrainingState(int epochsCompleted, DeterministicRandom.State shuffle, IReadOnlyList<KeyValuePair<string, double>> schedule)
    {
        EpochsCompleted = epochsCompleted;
        Shuffle = shuffle;
        ScheduleState = [.. schedule.OrderBy(p => p.Key, StringComparer.Ordinal)];
    }

    /// <summary>Epochs completed since the run began with <see cref="Start"/>.</summary>
    public int EpochsCompleted { get; }

    /// <summary>The shuffling generator's position after <see cref="EpochsCompleted"/> epochs.</summary>
    internal DeterministicRandom.State Shuffle { get; }

    /// <summary>
    /// The learning-rate schedule's state after <see cref="EpochsCompleted"/> epochs (<see cref="Optim.ILearningRateSchedule.State"/>),
    /// ordered by name; empty for a stateless schedule or none.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, double>> ScheduleState { get; }

    /// <summary>The start of a run whose samples are shuffled with <paramref name="seed"/> (<see cref="TrainingOptions.Seed"/>).</summary>
    public static TrainingState Start(ulong seed) => new(0, new DeterministicRandom(seed).Snapshot, []);

    /// <summary>
    /// The state after one more epoch, which left the shuffling generator at <paramref name="shuffle"/> and the schedule
    /// in <paramref name="schedule"/>.
    /// </summary>
    internal TrainingState Next(DeterministicRandom shuffle, IReadOnlyList<KeyValuePair<string, double>> schedule) =>
        new(checked(EpochsCompleted + 1), shuffle.Snapshot, schedule);

    /// <summary>Whether both states stand at the same epoch, shuffle position and schedule state.</summary>
    public bool Equals(TrainingState? other) =>
        other is not null && EpochsCompleted == other.EpochsCompleted && Shuffle.Equals(other.Shuffle)
        && ScheduleState.Count == other.ScheduleState.Count
        && ScheduleState.Zip(other.ScheduleState).All(p => p.First.Key == p.Second.Key && p.First.Value.Equals(p.Second.Value));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(EpochsCompleted, Shuffle, ScheduleState.Count);

    /// <summary>The generator's position as 64 lower-case hex digits (the four state words, most significant digit first).</summary>
    internal string ShuffleText() =>
        string.Create(CultureInfo.InvariantCulture, $"{Shuffle.S0:x16}{Shuffle.S1:x16}{Shuffle.S2:x16}{Shuffle.S3:x16}");

    /// <summary>
    /// Rebuilds a state from <see cref="EpochsCompleted"/>, <see cref="ShuffleText"/> and <see cref="ScheduleState"/>;
    /// false when the text is not a valid position.
    /// </summary>
    internal static bool TryCreate(int epochsCompleted, string shuffleText, IReadOnlyList<KeyValuePair<string, double>> schedule, out TrainingState? state)
    {
        state = null;
        if (epochsCompleted < 0 || shuffleText.Length != 64 || shuffleText.Any(c => c is not (>= '0' and <= '9' or >= 'a' and <= 'f')))
        {
            return false;
        }

        var words = new ulong[4];
        for (int i = 0; i < 4; i++)
        {
            words[i] = ulong.Parse(shuffleText.AsSpan(i * 16, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }

        var shuffle = new DeterministicRandom.State(words[0], words[1], words[2], words[3]);
        if (!shuffle.IsValid)
        {
            return false;
        }

        state = new TrainingState(epochsCompleted, shuffle, schedule);
        return true;
    }
}
