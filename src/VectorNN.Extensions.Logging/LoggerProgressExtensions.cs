using Microsoft.Extensions.Logging;
using VectorNN.Training;

namespace VectorNN.Extensions.Logging;

/// <summary>
/// Progress adapters that write the trainer's reports to an <see cref="ILogger"/> as structured events (ids in
/// <see cref="TrainingLogEvents"/>), for <see cref="Trainer{T}.Fit(Data.Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/> and <see cref="Trainer{T}.FitAsync(Data.Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/>.
/// </summary>
/// <remarks>
/// The adapters are <see cref="SynchronousProgress{T}"/>: each report is logged at once on the training thread, in
/// order, between steps. A level that is off costs one <see cref="ILogger.IsEnabled"/> call per report.
/// </remarks>
public static class LoggerProgressExtensions
{
    /// <summary>
    /// Returns a progress that logs each epoch report as <see cref="TrainingLogEvents.EpochCompleted"/> at
    /// <see cref="LogLevel.Information"/>, then passes it to <paramref name="next"/> if given.
    /// </summary>
    /// <param name="logger">Where the events go.</param>
    /// <param name="next">Optional; receives every report after it is logged.</param>
    public static IProgress<EpochReport> CreateEpochProgress(this ILogger logger, IProgress<EpochReport>? next = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return new SynchronousProgress<EpochReport>(report =>
        {
            TrainingLog.EpochCompleted(
                logger, report.Epoch, report.TrainLoss, report.Samples, report.Elapsed.TotalSeconds, report.SamplesPerSecond);
            next?.Report(report);
        });
    }

    /// <summary>
    /// Returns a progress that logs each step's report as <see cref="TrainingLogEvents.BatchCompleted"/> at
    /// <see cref="LogLevel.Trace"/>, then passes it to <paramref name="next"/> if given.
    /// </summary>
    /// <param name="logger">Where the events go.</param>
    /// <param name="next">Optional; receives every report after it is logged.</param>
    public static IProgress<BatchReport> CreateBatchProgress(this ILogger logger, IProgress<BatchReport>? next = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return new SynchronousProgress<BatchReport>(report =>
        {
            TrainingLog.BatchCompleted(logger, report.Epoch, report.Batch, report.Batches, report.Loss, report.Samples);
            next?.Report(report);
        });
    }
}
