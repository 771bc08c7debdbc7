using Microsoft.Extensions.Logging;
using VectorNN.Training;
using Xunit;

namespace VectorNN.Extensions.Logging.Tests;

public sealed class LoggerProgressExtensionsTests
{
    [Fact]
    public void EpochProgress_LogsEachReport_AsEpochCompletedAtInformation_WithItsValues()
    {
        var logger = new RecordingLogger();

        logger.CreateEpochProgress().Report(new EpochReport(3, 0.25, 120, TimeSpan.FromSeconds(1.5)));

        LogEntry entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal(new EventId(2, "EpochCompleted"), entry.EventId);
        Assert.Equal(3, entry.Values["Epoch"]);
        Assert.Equal(0.25, entry.Values["TrainLoss"]);
        Assert.Equal(120, entry.Values["Samples"]);
        Assert.Equal(1.5, entry.Values["ElapsedSeconds"]);
        Assert.Equal(80.0, entry.Values["SamplesPerSecond"]); // 120 samples / 1.5 s, exact in binary
        Assert.Equal("Epoch 3: train loss 0.25, 120 samples in 1.5 s (80 samples/s)", entry.Message);
    }

    [Fact]
    public void EpochProgress_PassesEachReportOn_AfterLoggingIt()
    {
        var logger = new RecordingLogger();
        var report = new EpochReport(1, 0.5, 10, TimeSpan.FromSeconds(1));
        int loggedBefore = -1;
        EpochReport? passed = null;

        logger.CreateEpochProgress(new SynchronousProgress<EpochReport>(r =>
        {
            loggedBefore = logger.Entries.Count;
            passed = r;
        })).Report(report);

        Assert.Same(report, passed);
        Assert.Equal(1, loggedBefore);
    }

    [Fact]
    public void BatchProgress_LogsEachReport_AsBatchCompletedAtTrace_WithItsValues()
    {
        var logger = new RecordingLogger();

        logger.CreateBatchProgress().Report(new BatchReport(2, 5, 7, 160, 0.125));

        LogEntry entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Trace, entry.Level);
        Assert.Equal(new EventId(3, "BatchCompleted"), entry.EventId);
        Assert.Equal(2, entry.Values["Epoch"]);
        Assert.Equal(5, entry.Values["Batch"]);
        Assert.Equal(7, entry.Values["Batches"]);
        Assert.Equal(160, entry.Values["Samples"]);
        Assert.Equal(0.125, entry.Values["Loss"]);
    }

    [Fact]
    public void BatchProgress_WithTraceOff_LogsNothing_ButStillPassesTheReportOn()
    {
        // The recording logger fails the test if anything is logged below its level.
        var logger = new RecordingLogger(LogLevel.Information);
        var passed = new List<BatchReport>();

        logger.CreateBatchProgress(new SynchronousProgress<BatchReport>(passed.Add)).Report(new BatchReport(1, 1, 1, 4, 2.0));

        Assert.Empty(logger.Entries);
        Assert.Equal([new BatchReport(1, 1, 1, 4, 2.0)], passed);
    }

    [Fact]
    public void Adapters_RejectANullLogger()
    {
        Assert.Throws<ArgumentNullException>(() => LoggerProgressExtensions.CreateEpochProgress(null!));
        Assert.Throws<ArgumentNullException>(() => LoggerProgressExtensions.CreateBatchProgress(null!));
    }
}
