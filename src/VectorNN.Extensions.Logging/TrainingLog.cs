using Microsoft.Extensions.Logging;

namespace VectorNN.Extensions.Logging;

/// <summary>
/// The training log events as source-generated methods: each checks <see cref="ILogger.IsEnabled"/> first and, when the
/// level is on, passes its values without boxing or formatting them until a provider asks.
/// </summary>
internal static partial class TrainingLog
{
    [LoggerMessage(EventId = TrainingLogEvents.TrainingStarted, EventName = nameof(TrainingLogEvents.TrainingStarted),
        Level = LogLevel.Information,
        Message = "Training {Epochs} epochs on {Samples} samples in batches of {BatchSize}, after {EpochsCompleted} epochs")]
    public static partial void TrainingStarted(ILogger logger, int epochs, int samples, int batchSize, int epochsCompleted);

    [LoggerMessage(EventId = TrainingLogEvents.EpochCompleted, EventName = nameof(TrainingLogEvents.EpochCompleted),
        Level = LogLevel.Information,
        Message = "Epoch {Epoch}: train loss {TrainLoss}, {Samples} samples in {ElapsedSeconds} s ({SamplesPerSecond} samples/s)")]
    public static partial void EpochCompleted(
        ILogger logger, int epoch, double trainLoss, int samples, double elapsedSeconds, double samplesPerSecond);

    [LoggerMessage(EventId = TrainingLogEvents.BatchCompleted, EventName = nameof(TrainingLogEvents.BatchCompleted),
        Level = LogLevel.Trace,
        Message = "Epoch {Epoch}, batch {Batch} of {Batches}: loss {Loss}, {Samples} samples so far")]
    public static partial void BatchCompleted(ILogger logger, int epoch, int batch, int batches, double loss, int samples);

    [LoggerMessage(EventId = TrainingLogEvents.TrainingCompleted, EventName = nameof(TrainingLogEvents.TrainingCompleted),
        Level = LogLevel.Information,
        Message = "Training finished: {Epochs} epochs, last train loss {TrainLoss}, {ElapsedSeconds} s")]
    public static partial void TrainingCompleted(ILogger logger, int epochs, double trainLoss, double elapsedSeconds);

    [LoggerMessage(EventId = TrainingLogEvents.TrainingDiverged, EventName = nameof(TrainingLogEvents.TrainingDiverged),
        Level = LogLevel.Error,
        Message = "Training diverged at epoch {Epoch}, batch {Batch} (layer {Layer})")]
    public static partial void TrainingDiverged(ILogger logger, int epoch, int batch, int layer, Exception exception);

    [LoggerMessage(EventId = TrainingLogEvents.TrainingCanceled, EventName = nameof(TrainingLogEvents.TrainingCanceled),
        Level = LogLevel.Warning,
        Message = "Training was cancelled after {EpochsFinished} epochs of this run ({EpochsCompleted} completed in all)")]
    public static partial void TrainingCanceled(ILogger logger, int epochsFinished, int epochsCompleted);
}
