namespace VectorNN.Extensions.Logging;

/// <summary>
/// The event ids of the training log events, for filters and queries. Each event also carries its name (the constant's
/// name) and structured values under the names given here.
/// </summary>
public static class TrainingLogEvents
{
    /// <summary>
    /// 1, Information: a run starts. Values: <c>Epochs</c> (epochs in this run), <c>Samples</c> (training samples),
    /// <c>BatchSize</c>, <c>EpochsCompleted</c> (epochs finished before this run; 0 unless resumed).
    /// </summary>
    public const int TrainingStarted = 1;

    /// <summary>
    /// 2, Information: an epoch finished (every <see cref="Training.TrainingOptions.ReportEvery"/> epochs). Values:
    /// <c>Epoch</c> (from 1), <c>TrainLoss</c> (mean over the epoch's samples), <c>Samples</c>,
    /// <c>ElapsedSeconds</c>, <c>SamplesPerSecond</c>.
    /// </summary>
    public const int EpochCompleted = 2;

    /// <summary>
    /// 3, Trace: a step finished. Values: <c>Epoch</c>, <c>Batch</c> (from 1), <c>Batches</c> (in the epoch),
    /// <c>Samples</c> (of the epoch so far), <c>Loss</c> (the batch's loss before its update).
    /// </summary>
    public const int BatchCompleted = 3;

    /// <summary>
    /// 4, Information: a run finished. Values: <c>Epochs</c> (epochs trained in this run), <c>TrainLoss</c> (the last
    /// epoch's), <c>ElapsedSeconds</c> (the whole run).
    /// </summary>
    public const int TrainingCompleted = 4;

    /// <summary>
    /// 5, Error, with the <see cref="Training.TrainingDivergedException"/>: a step's loss or gradient was not finite or
    /// too large. Values: <c>Epoch</c>, <c>Batch</c>, <c>Layer</c> (the layer to blame, from 0).
    /// </summary>
    public const int TrainingDiverged = 5;

    /// <summary>
    /// 6, Warning: a run was cancelled. Values: <c>EpochsFinished</c> (epochs finished in this run before the
    /// cancellation), <c>EpochsCompleted</c> (all epochs finished, the run's starting point included).
    /// </summary>
    public const int TrainingCanceled = 6;
}
