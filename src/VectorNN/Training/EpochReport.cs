namespace VectorNN.Training;

/// <summary>What one epoch of training did.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="TrainLoss">The mean over the epoch's samples of the loss each had in its training step.</param>
/// <param name="Samples">Samples trained on.</param>
/// <param name="Elapsed">Wall time of the epoch's training steps (progress reporting excluded).</param>
public sealed record EpochReport(int Epoch, double TrainLoss, int Samples, TimeSpan Elapsed)
{
    /// <summary>Training throughput of the epoch.</summary>
    public double SamplesPerSecond => Samples / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
