using Microsoft.Extensions.Logging;
using VectorNN.Data;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Training;
using Xunit;

namespace VectorNN.Extensions.Logging.Tests;

public sealed class TrainerLoggingExtensionsTests
{
    // Event ids as documented in TrainingLogEvents, written out so that a changed id fails here.
    private const int Started = 1, Epoch = 2, Batch = 3, Completed = 4, Diverged = 5, Canceled = 6;

    /// <summary>y = x on four samples, one identity unit starting at w = 0.5, b = 0: a few fast, finite epochs.</summary>
    private static (Trainer<double> Trainer, Dataset<double> Data) Line(int epochs)
    {
        var data = new Dataset<double>([1, 2, 3, 4], [1, 2, 3, 4], 1, 1);
        var network = new Network<double>(1, new LayerSpec(1, Activation.Identity));
        network.SetParameters([0.5, 0]);
        var options = new TrainingOptions { Loss = Loss.HalfSumSquaredError, Epochs = epochs, BatchSize = 2, Shuffle = false };
        return (new Trainer<double>(network, new Sgd<double>(0.01), options), data);
    }

    private static int[] Ids(RecordingLogger logger) => [.. logger.Entries.Select(e => e.EventId.Id)];

    [Fact]
    public void Fit_LogsTheStart_EveryBatchAndEpoch_AndTheEnd_InOrder_WithTheTrainersFigures()
    {
        var logger = new RecordingLogger();
        var (trainer, data) = Line(epochs: 3);

        IReadOnlyList<EpochReport> reports = trainer.FitWithLogging(data, logger);

        Assert.Equal([Started, Batch, Batch, Epoch, Batch, Batch, Epoch, Batch, Batch, Epoch, Completed], Ids(logger));
        LogEntry start = logger.Entries[0];
        Assert.Equal(LogLevel.Information, start.Level);
        Assert.Equal("TrainingStarted", start.EventId.Name);
        Assert.Equal((3, 4, 2, 0), ((int)start.Values["Epochs"]!, (int)start.Values["Samples"]!,
            (int)start.Values["BatchSize"]!, (int)start.Values["EpochsCompleted"]!));
        LogEntry[] epochs = [.. logger.Entries.Where(e => e.EventId.Id == Epoch)];
        Assert.Equal([1, 2, 3], epochs.Select(e => (int)e.Values["Epoch"]!));
        Assert.Equal(reports.Select(r => r.TrainLoss), epochs.Select(e => (double)e.Values["TrainLoss"]!));
        LogEntry end = logger.Entries[^1];
        Assert.Equal(LogLevel.Information, end.Level);
        Assert.Equal("TrainingCompleted", end.EventId.Name);
        Assert.Equal(3, end.Values["Epochs"]);
        Assert.Equal(reports[^1].TrainLoss, end.Values["TrainLoss"]);
    }

    [Fact]
    public void Fit_PassesReportsOnToTheCallersProgress_AndAResumedRunLogsWhereItStarts()
    {
        var logger = new RecordingLogger(LogLevel.Information);
        var (trainer, data) = Line(epochs: 2);
        var epochs = new List<int>();
        var batches = new List<(int, int)>();
        trainer.FitWithLogging(data, logger);

        trainer.FitWithLogging(
            data, logger, new SynchronousProgress<EpochReport>(r => epochs.Add(r.Epoch)),
            new SynchronousProgress<BatchReport>(r => batches.Add((r.Epoch, r.Batch))));

        Assert.Equal([3, 4], epochs);
        Assert.Equal([(3, 1), (3, 2), (4, 1), (4, 2)], batches);
        LogEntry secondStart = logger.Entries.Where(e => e.EventId.Id == Started).Last();
        Assert.Equal(2, secondStart.Values["EpochsCompleted"]);
    }

    [Fact]
    public void Fit_Diverging_LogsAnErrorWithTheException_AndRethrowsIt()
    {
        // Sample 4 is so large that its weight gradient (o - t) x = 1e20 * 1e20 overflows float: epoch 1, batch 4.
        var logger = new RecordingLogger();
        var data = new Dataset<float>([0.5f, -0.25f, 1, 1e20f, 0.5f], [1, 0, 1, 0, 1], 1, 1);
        var network = new Network<float>(1, new LayerSpec(1, Activation.Identity));
        network.SetParameters([1, 0]);
        var options = new TrainingOptions { Loss = Loss.HalfSumSquaredError, Shuffle = false };
        var trainer = new Trainer<float>(network, new Sgd<float>(0.1), options);

        var e = Assert.Throws<TrainingDivergedException>(() => trainer.FitWithLogging(data, logger));

        Assert.Equal([Started, Batch, Batch, Batch, Diverged], Ids(logger));
        LogEntry entry = logger.Entries[^1];
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Equal("TrainingDiverged", entry.EventId.Name);
        Assert.Same(e, entry.Exception);
        Assert.Equal((1, 4, 0), ((int)entry.Values["Epoch"]!, (int)entry.Values["Batch"]!, (int)entry.Values["Layer"]!));
    }

    [Fact]
    public void Fit_Cancelled_LogsAWarningWithTheFinishedEpochs_AndRethrows()
    {
        var logger = new RecordingLogger(LogLevel.Information);
        var (trainer, data) = Line(epochs: 5);
        using var source = new CancellationTokenSource();
        var cancelAfterTwo = new SynchronousProgress<EpochReport>(r =>
        {
            if (r.Epoch == 2)
            {
                source.Cancel();
            }
        });

        var e = Assert.Throws<TrainingCanceledException>(
            () => trainer.FitWithLogging(data, logger, cancelAfterTwo, cancellationToken: source.Token));

        Assert.Equal(2, e.Reports.Count);
        Assert.Equal([Started, Epoch, Epoch, Canceled], Ids(logger));
        LogEntry entry = logger.Entries[^1];
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal("TrainingCanceled", entry.EventId.Name);
        Assert.Equal((2, 2), ((int)entry.Values["EpochsFinished"]!, (int)entry.Values["EpochsCompleted"]!));
    }

    [Fact]
    public async Task FitAsync_LogsTheSameEventsAsFit()
    {
        var logger = new RecordingLogger();
        var (trainer, data) = Line(epochs: 2);

        IReadOnlyList<EpochReport> reports = await trainer.FitWithLoggingAsync(data, logger);

        Assert.Equal(2, reports.Count);
        Assert.Equal([Started, Batch, Batch, Epoch, Batch, Batch, Epoch, Completed], Ids(logger));
    }

    [Fact]
    public async Task FitAsync_WithATokenCancelledBeforehand_LogsACancellationWithNoEpochs()
    {
        var logger = new RecordingLogger();
        var (trainer, data) = Line(epochs: 2);
        using var source = new CancellationTokenSource();
        source.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => trainer.FitWithLoggingAsync(data, logger, cancellationToken: source.Token));

        Assert.Equal([Started, Canceled], Ids(logger));
        Assert.Equal(0, logger.Entries[^1].Values["EpochsFinished"]);
    }

    [Fact]
    public void MismatchedData_IsTheTrainersArgumentException_AndLogsNothing()
    {
        var logger = new RecordingLogger();
        var (trainer, _) = Line(epochs: 1);
        var twoInputs = new Dataset<double>([1, 2], [1], 2, 1);

        Assert.Throws<ArgumentException>(() => trainer.FitWithLogging(twoInputs, logger));
        // Thrown at once, not by the task, as Trainer.FitAsync does.
        Assert.Throws<ArgumentException>(() => { _ = trainer.FitWithLoggingAsync(twoInputs, logger); });

        Assert.Empty(logger.Entries);
    }
}
