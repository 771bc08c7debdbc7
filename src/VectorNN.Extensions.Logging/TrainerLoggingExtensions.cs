using System.Diagnostics;
using System.Numerics;
using Microsoft.Extensions.Logging;
using VectorNN.Data;
using VectorNN.Training;

namespace VectorNN.Extensions.Logging;

/// <summary>
/// <see cref="Trainer{T}.Fit(Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/> and <see cref="Trainer{T}.FitAsync(Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/> with a log of the run: its start, every reported
/// epoch, every step at <see cref="LogLevel.Trace"/>, and its end, divergence or cancellation (ids in
/// <see cref="TrainingLogEvents"/>). Exceptions are logged and then rethrown unchanged.
/// </summary>
public static class TrainerLoggingExtensions
{
    /// <summary>
    /// As <see cref="Trainer{T}.Fit(Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/>, logging the run to <paramref name="logger"/>.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="trainer">The trainer to run.</param>
    /// <param name="data">The training samples; widths must match the network.</param>
    /// <param name="logger">Where the events go.</param>
    /// <param name="progress">Optional; also receives every epoch report, after it is logged.</param>
    /// <param name="batchProgress">Optional; also receives every step's report, after it is logged.</param>
    /// <param name="cancellationToken">Checked before every step.</param>
    /// <returns>A report per epoch, as <see cref="Trainer{T}.Fit(Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/>.</returns>
    /// <exception cref="ArgumentException">The data's widths do not match the network (nothing is logged).</exception>
    /// <exception cref="TrainingDivergedException">Training diverged; logged as <see cref="TrainingLogEvents.TrainingDiverged"/>.</exception>
    /// <exception cref="TrainingCanceledException">Training was cancelled; logged as <see cref="TrainingLogEvents.TrainingCanceled"/>.</exception>
    public static IReadOnlyList<EpochReport> FitWithLogging<T>(
        this Trainer<T> trainer,
        Dataset<T> data,
        ILogger logger,
        IProgress<EpochReport>? progress = null,
        IProgress<BatchReport>? batchProgress = null,
        CancellationToken cancellationToken = default)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!Validate(trainer, data, logger))
        {
            return trainer.Fit(data, progress, batchProgress, cancellationToken);
        }

        long started = LogStart(trainer, data, logger);
        try
        {
            IReadOnlyList<EpochReport> reports = trainer.Fit(
                data, logger.CreateEpochProgress(progress), logger.CreateBatchProgress(batchProgress), cancellationToken);
            LogEnd(logger, reports, started);
            return reports;
        }
        catch (TrainingDivergedException e)
        {
            TrainingLog.TrainingDiverged(logger, e.Epoch, e.Batch, e.Layer, e);
            throw;
        }
        catch (OperationCanceledException e)
        {
            LogCanceled(trainer, logger, e);
            throw;
        }
    }

    /// <summary>
    /// As <see cref="Trainer{T}.FitAsync(Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/>, logging the run to <paramref name="logger"/>.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="trainer">The trainer to run.</param>
    /// <param name="data">The training samples; widths must match the network.</param>
    /// <param name="logger">Where the events go.</param>
    /// <param name="progress">Optional; also receives every epoch report, after it is logged.</param>
    /// <param name="batchProgress">Optional; also receives every step's report, after it is logged.</param>
    /// <param name="cancellationToken">Checked before every step.</param>
    /// <returns>A report per epoch, as <see cref="Trainer{T}.FitAsync(Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/>.</returns>
    /// <exception cref="ArgumentException">The data's widths do not match the network (thrown at once; nothing is logged).</exception>
    /// <remarks>
    /// The task fails or is cancelled as <see cref="Trainer{T}.FitAsync(Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/>'s is, after the event is logged; a token
    /// already cancelled when the call is made is logged as a cancellation with no epochs finished.
    /// </remarks>
    public static Task<IReadOnlyList<EpochReport>> FitWithLoggingAsync<T>(
        this Trainer<T> trainer,
        Dataset<T> data,
        ILogger logger,
        IProgress<EpochReport>? progress = null,
        IProgress<BatchReport>? batchProgress = null,
        CancellationToken cancellationToken = default)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!Validate(trainer, data, logger))
        {
            return trainer.FitAsync(data, progress, batchProgress, cancellationToken);
        }

        long started = LogStart(trainer, data, logger);
        Task<IReadOnlyList<EpochReport>> training = trainer.FitAsync(
            data, logger.CreateEpochProgress(progress), logger.CreateBatchProgress(batchProgress), cancellationToken);
        return Logged(training);

        async Task<IReadOnlyList<EpochReport>> Logged(Task<IReadOnlyList<EpochReport>> task)
        {
            try
            {
                IReadOnlyList<EpochReport> reports = await task.ConfigureAwait(false);
                LogEnd(logger, reports, started);
                return reports;
            }
            catch (TrainingDivergedException e)
            {
                TrainingLog.TrainingDiverged(logger, e.Epoch, e.Batch, e.Layer, e);
                throw;
            }
            catch (OperationCanceledException e)
            {
                LogCanceled(trainer, logger, e);
                throw;
            }
        }
    }

    /// <summary>
    /// Throws for null arguments; returns false when the data's widths do not match the network, so that the trainer
    /// reports that in its own words before anything is logged.
    /// </summary>
    private static bool Validate<T>(Trainer<T> trainer, Dataset<T> data, ILogger logger)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(logger);
        return data.InputWidth == trainer.Network.InputCount && data.TargetWidth == trainer.Network.OutputCount;
    }

    private static long LogStart<T>(Trainer<T> trainer, Dataset<T> data, ILogger logger)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        TrainingLog.TrainingStarted(
            logger, trainer.Options.Epochs, data.Count, trainer.Options.BatchSize, trainer.State.EpochsCompleted);
        return Stopwatch.GetTimestamp();
    }

    private static void LogEnd(ILogger logger, IReadOnlyList<EpochReport> reports, long started) =>
        TrainingLog.TrainingCompleted(
            logger, reports.Count, reports.Count > 0 ? reports[^1].TrainLoss : double.NaN,
            Stopwatch.GetElapsedTime(started).TotalSeconds);

    /// <summary>
    /// Logs a cancellation: a <see cref="TrainingCanceledException"/> carries the finished epochs; any other
    /// <see cref="OperationCanceledException"/> comes from FitAsync with a token cancelled before training started.
    /// </summary>
    private static void LogCanceled<T>(Trainer<T> trainer, ILogger logger, OperationCanceledException exception)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        TrainingLog.TrainingCanceled(
            logger, (exception as TrainingCanceledException)?.Reports.Count ?? 0, trainer.State.EpochsCompleted);
}
