namespace VectorNN.Training;

/// <summary>
/// Thrown when a training step's loss or gradient is not finite, or its loss exceeds
/// <see cref="TrainingOptions.DivergenceFactor"/> times the reference loss. That step's update is not applied: the network
/// keeps the parameters that produced the loss, which are the result of the previous step's update when there was one
/// (the update that blew them up, if that is what happened). The message says which.
/// </summary>
public sealed class TrainingDivergedException : ArithmeticException
{
    /// <summary>Creates the exception for a step.</summary>
    /// <param name="epoch">The epoch (from 1), or 0 for a step taken outside <see cref="Trainer{T}.Fit(Data.Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/>.</param>
    /// <param name="batch">The batch within the epoch (from 1), or the step's number outside an epoch.</param>
    /// <param name="layer">The layer (from 0) to blame; see <see cref="Layer"/>.</param>
    /// <param name="message">What was found.</param>
    public TrainingDivergedException(int epoch, int batch, int layer, string message)
        : base(message)
    {
        Epoch = epoch;
        Batch = batch;
        Layer = layer;
    }

    /// <summary>The epoch (from 1), or 0 for a step taken outside <see cref="Trainer{T}.Fit(Data.Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/>.</summary>
    public int Epoch { get; }

    /// <summary>The batch within the epoch (from 1), or the step's number outside an epoch.</summary>
    public int Batch { get; }

    /// <summary>
    /// The layer (from 0) to blame: the first with a NaN or infinite parameter, else the first with a NaN or infinite
    /// gradient, else the one with the largest gradient magnitude.
    /// </summary>
    public int Layer { get; }
}
