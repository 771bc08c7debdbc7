namespace VectorNN.Training;

/// <summary>What one epoch of training did.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="TrainLoss">The mean over the epoch's samples of the loss each had in its training step.</param>
/// <param name="Samples">Samples trained on.</param>
/// <param name="Elapsed">Wall time of the epoch's training steps (progress reporting and the validation pass excluded).</param>
public sealed record EpochReport(int Epoch, double TrainLoss, int Samples, TimeSpan Elapsed)
{
    /// <summary>
    /// The loss, accuracy and confusion matrix of the validation data after the epoch (<see cref="Evaluator"/>); null
    /// when the run has no validation data.
    /// </summary>
    public Evaluation? Validation { get; init; }

    /// <summary>The optimizer's learning rate during the epoch (set by <see cref="TrainingOptions.LearningRateSchedule"/> if any).</summary>
    public double LearningRate { get; init; }

    /// <summary>Training throughput of the epoch.</summary>
    public double SamplesPerSecond => Samples / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
