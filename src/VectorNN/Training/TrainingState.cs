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
/// A learning-rate schedule resumes from the optimizer's <see cref="Optim.Optimizer{T}.StepCount"/> or from
/// <see cref="EpochsCompleted"/>; the state file records both, and the learning rate in use.
/// </remarks>
public sealed record TrainingState
{
    private TrainingState(int epochsCompleted, DeterministicRandom.State shuffle)
    {
        EpochsCompleted = epochsCompleted;
        Shuffle = shuffle;
    }

    /// <summary>Epochs completed since the run began with <see cref="Start"/>.</summary>
    public int EpochsCompleted { get; }

    /// <summary>The shuffling generator's position after <see cref="EpochsCompleted"/> epochs.</summary>
    internal DeterministicRandom.State Shuffle { get; }

    /// <summary>The start of a run whose samples are shuffled with <paramref name="seed"/> (<see cref="TrainingOptions.Seed"/>).</summary>
    public static TrainingState Start(ulong seed) => new(0, new DeterministicRandom(seed).Snapshot);

    /// <summary>The state after one more epoch, which left the shuffling generator at <paramref name="shuffle"/>.</summary>
    internal TrainingState Next(DeterministicRandom shuffle) => new(checked(EpochsCompleted + 1), shuffle.Snapshot);

    /// <summary>The generator's position as 64 lower-case hex digits (the four state words, most significant digit first).</summary>
    internal string ShuffleText() =>
        string.Create(CultureInfo.InvariantCulture, $"{Shuffle.S0:x16}{Shuffle.S1:x16}{Shuffle.S2:x16}{Shuffle.S3:x16}");

    /// <summary>Rebuilds a state from <see cref="EpochsCompleted"/> and <see cref="ShuffleText"/>; false when the text is not a valid position.</summary>
    internal static bool TryCreate(int epochsCompleted, string shuffleText, out TrainingState? state)
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

        state = new TrainingState(epochsCompleted, shuffle);
        return true;
    }
}
