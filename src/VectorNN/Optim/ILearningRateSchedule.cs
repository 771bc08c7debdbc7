namespace VectorNN.Optim;

/// <summary>
/// A learning-rate schedule: the rate of each epoch, which <see cref="Training.Trainer{T}"/> sets as the optimizer's
/// <see cref="Optimizer{T}.LearningRate"/> before the epoch's first step, so it serves every optimizer. The rate is
/// constant within an epoch. Without a schedule (<see cref="Training.TrainingOptions.LearningRateSchedule"/> null) the
/// rate is never changed.
/// </summary>
/// <remarks>
/// A schedule that adapts to the loss (<see cref="ReduceOnPlateau"/>) receives the monitored loss after every epoch
/// (<see cref="Observe"/>) and keeps state, which the trainer records in <see cref="Training.TrainingState"/> after every
/// epoch and hands back (<see cref="Restore"/>) when a run starts or resumes, so it travels with the optimizer-state file.
/// Such an instance belongs to one trainer at a time. A stateless schedule implements <see cref="LearningRate"/> only.
/// </remarks>
public interface ILearningRateSchedule
{
    /// <summary>The rate to train epoch <paramref name="epoch"/> with.</summary>
    /// <param name="epoch">The epoch, from 1, numbered from the run's start (a resumed run continues the numbering).</param>
    /// <param name="initialRate">The optimizer's rate when the trainer was created (<see cref="Training.Trainer{T}.InitialLearningRate"/>).</param>
    /// <returns>A finite rate &gt;= 0.</returns>
    double LearningRate(int epoch, double initialRate);

    /// <summary>
    /// Receives the loss the trainer monitors after epoch <paramref name="epoch"/>: the validation loss when the run has
    /// validation data, else the epoch's mean training loss. Does nothing by default.
    /// </summary>
    void Observe(int epoch, double monitoredLoss)
    {
    }

    /// <summary>The schedule's state by name (lower-case names), to be saved; empty (the default) for a stateless schedule.</summary>
    IReadOnlyList<KeyValuePair<string, double>> State => [];

    /// <summary>
    /// Sets the state to one <see cref="State"/> returned, or to the state of a schedule that has seen no epoch when
    /// <paramref name="state"/> is empty. Does nothing by default.
    /// </summary>
    /// <exception cref="ArgumentException">The state lacks a value the schedule needs, or a value is out of range.</exception>
    void Restore(IReadOnlyList<KeyValuePair<string, double>> state)
    {
    }
}
