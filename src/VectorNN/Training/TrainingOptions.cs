using VectorNN.Kernels;
using VectorNN.Losses;
using VectorNN.Optim;

namespace VectorNN.Training;

/// <summary>
/// How <see cref="Trainer{T}"/> trains: the loss, epochs, batch size, shuffling, progress reports, the learning-rate
/// schedule and early stopping.
/// </summary>
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

    /// <summary>Epoch progress is reported after every epoch that is a multiple of this, &gt;= 1 (the Iris tutorial: 10).</summary>
    public int ReportEvery { get; init; } = 1;

    /// <summary>
    /// Training stops with <see cref="TrainingDivergedException"/> when a batch's loss exceeds this many times the reference
    /// loss, the larger of the run's first batch loss and the loss of a network whose output logits are all zero
    /// (ln K for a softmax over K classes, the mean squared target for an identity output). Greater than 1;
    /// <see cref="double.PositiveInfinity"/> turns the check off (non-finite losses and gradients still stop training).
    /// </summary>
    /// <remarks>
    /// The default, 1e4, lies far above what healthy training reaches: a loss falls from its start, and even a batch of
    /// one confidently misclassified sample costs a few tens of nats against a reference of at least ln 2; learning rates
    /// far too large drive the loss orders of magnitude beyond it within a few steps (Iris with SGD at 1e6: 1e10).
    /// </remarks>
    public double DivergenceFactor { get; init; } = 1e4;

    /// <summary>
    /// The most threads the kernels of this trainer's steps use, the training thread included, as
    /// <see cref="System.Threading.Tasks.ParallelOptions.MaxDegreeOfParallelism"/>: at least 1, or
    /// <see cref="Parallelism.ProcessDefault"/> (-1, the default) for the process default <see cref="Parallelism.MaxThreads"/>.
    /// It holds on the training thread while <see cref="Trainer{T}.Fit(Data.Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/> or <see cref="Trainer{T}.TrainBatch(ReadOnlySpan{T}, ReadOnlySpan{T}, int)"/> runs,
    /// progress reports made there included; results do not depend on it.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = Parallelism.ProcessDefault;

    /// <summary>
    /// The learning rate of each epoch (see <see cref="ILearningRateSchedule"/>); null (the default) leaves the optimizer's
    /// rate as it is.
    /// </summary>
    public ILearningRateSchedule? LearningRateSchedule { get; init; }

    /// <summary>
    /// Stops training when the validation loss stops improving and keeps the best epoch's parameters; null (the default)
    /// trains every epoch. Needs validation data in <see cref="Trainer{T}.Fit(Data.Dataset{T}, Data.Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/>.
    /// </summary>
    public EarlyStopping? EarlyStopping { get; init; }

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

        if (!(DivergenceFactor > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(DivergenceFactor), DivergenceFactor, $"Expected DivergenceFactor > 1 (PositiveInfinity turns the check off), got {DivergenceFactor}.");
        }

        Parallelism.Validate(MaxDegreeOfParallelism, nameof(MaxDegreeOfParallelism));
        if (ReportEvery < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ReportEvery), ReportEvery, $"Expected ReportEvery >= 1, got {ReportEvery}.");
        }

        EarlyStopping?.Validate();
    }
}
