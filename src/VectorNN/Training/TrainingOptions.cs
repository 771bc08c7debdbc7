using VectorNN.Losses;

namespace VectorNN.Training;

/// <summary>How <see cref="Trainer{T}"/> trains: the loss, epochs, batch size, shuffling and progress reports.</summary>
public sealed record TrainingOptions
{
    /// <summary>The loss to minimize; it must fit the network's output activation.</summary>
    public Loss Loss { get; init; } = Loss.HalfSumSquaredError;

    /// <summary>Passes over the training data, &gt;= 0.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Samples per step, &gt;= 1; 1 is online training as in the tutorials. The last batch of an epoch may be smaller.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Whether the samples are visited in a fresh random order each epoch (else in data order).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The seed of the shuffling order: the same seed, data and network give bit-identical weights.</summary>
    public ulong Seed { get; init; }

    /// <summary>The progress callback runs after every epoch that is a multiple of this, &gt;= 1 (the Iris tutorial: 10).</summary>
    public int ReportEvery { get; init; } = 1;

    /// <summary>Throws unless every option is in range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Loss))
        {
            throw new ArgumentOutOfRangeException(nameof(Loss), Loss, "Expected a defined Loss.");
        }

        if (Epochs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, $"Expected Epochs >= 0, got {Epochs}.");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"Expected BatchSize >= 1, got {BatchSize}.");
        }

        if (ReportEvery < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ReportEvery), ReportEvery, $"Expected ReportEvery >= 1, got {ReportEvery}.");
        }
    }
}
