using System.Collections.Concurrent;
using VectorNN.Data;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Training;
using Xunit;

namespace VectorNN.Tests.Training;

/// <summary>Trainer.FitAsync: off the caller's thread, progress through the caller's context, cancellation with reports.</summary>
public sealed class TrainerAsyncTests
{
    private static readonly TrainingOptions Options = new() { Loss = Loss.CrossEntropy, Epochs = 4, BatchSize = 16, Seed = 3 };

    private static Network<double> Iris()
    {
        var network = new Network<double>(4, new LayerSpec(8, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Glorot(), 4);
        return network;
    }

    [Fact]
    public async Task FitAsync_ReturnsBeforeTrainingEnds_AndTrainsAsFitDoes()
    {
        Dataset<double> train = IrisFiles.Train<double>();
        Network<double> synchronous = Iris(), asynchronous = Iris();
        IReadOnlyList<EpochReport> expected = new Trainer<double>(synchronous, new Adam<double>(0.01), Options).Fit(train);

        // The first step waits for the gate, which opens only after FitAsync has returned: run on the caller's
        // thread, the call could not return (the wait's limit only keeps a failure from hanging the run).
        using var gate = new ManualResetEventSlim();
        Task<IReadOnlyList<EpochReport>> task = new Trainer<double>(asynchronous, new Adam<double>(0.01), Options)
            .FitAsync(train, batchProgress: new SynchronousProgress<BatchReport>(_ => gate.Wait(TimeSpan.FromSeconds(30))));
        Assert.False(task.IsCompleted);
        gate.Set();
        IReadOnlyList<EpochReport> reports = await task;

        Assert.Equal(expected.Select(r => (r.Epoch, r.TrainLoss)), reports.Select(r => (r.Epoch, r.TrainLoss)));
        Assert.Equal(synchronous.GetParameters(), asynchronous.GetParameters());
    }

    [Fact]
    public async Task FitAsync_ReportsThroughTheContextTheProgressWasCreatedOn()
    {
        var context = new QueueContext();
        SynchronizationContext? saved = SynchronizationContext.Current;
        var seen = new List<int>();
        Progress<EpochReport> progress;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            progress = new Progress<EpochReport>(r => seen.Add(r.Epoch));
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(saved);
        }

        await new Trainer<double>(Iris(), new Sgd<double>(0.05), Options).FitAsync(IrisFiles.Train<double>(), progress);

        // Every report was posted to the context, none ran on the training thread.
        Assert.Empty(seen);
        while (context.Posted.TryDequeue(out (SendOrPostCallback Callback, object? State) post))
        {
            post.Callback(post.State);
        }

        Assert.Equal([1, 2, 3, 4], seen);
    }

    [Fact]
    public async Task FitAsync_Cancelled_KeepsTheFinishedEpochsReports()
    {
        using var source = new CancellationTokenSource();
        var trainer = new Trainer<double>(Iris(), new Sgd<double>(0.05), Options);
        Task<IReadOnlyList<EpochReport>> task = trainer.FitAsync(
            IrisFiles.Train<double>(),
            new SynchronousProgress<EpochReport>(r =>
            {
                if (r.Epoch == 3)
                {
                    source.Cancel();
                }
            }),
            cancellationToken: source.Token);

        TrainingCanceledException e = await Assert.ThrowsAsync<TrainingCanceledException>(() => task);
        Assert.True(task.IsCanceled);
        Assert.Equal([1, 2, 3], e.Reports.Select(r => r.Epoch));
        Assert.Equal(3, trainer.State.EpochsCompleted);
    }

    [Fact]
    public void FitAsync_WithMismatchedData_ThrowsAtOnce()
    {
        var data = new Dataset<double>(new double[10], new double[6], 5, 3);
        var trainer = new Trainer<double>(Iris(), new Sgd<double>(0.05), Options);
        ArgumentException? e = null;
        try
        {
            _ = trainer.FitAsync(data);
        }
        catch (ArgumentException thrown)
        {
            e = thrown;
        }

        // Thrown by the call itself, not stored in a task.
        Assert.NotNull(e);
        Assert.Equal("data", e.ParamName);
    }

    private sealed class QueueContext : SynchronizationContext
    {
        public ConcurrentQueue<(SendOrPostCallback Callback, object? State)> Posted { get; } = new();

        public override void Post(SendOrPostCallback d, object? state) => Posted.Enqueue((d, state));
    }
}
