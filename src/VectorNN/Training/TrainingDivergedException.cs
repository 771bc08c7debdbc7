namespace VectorNN.Training;

/// <summary>
/// Thrown when a training step produces a NaN or infinite loss or gradient. The step's update is not applied, so the
/// network keeps the parameters of the last step whose loss and gradients were finite.
/// </summary>
public sealed class TrainingDivergedException : ArithmeticException
{
    /// <summary>Creates the exception for a step.</summary>
    /// <param name="epoch">The epoch (from 1), or 0 for a step taken outside <see cref="Trainer{T}.Fit"/>.</param>
    /// <param name="batch">The batch within the epoch (from 1), or the step's number outside an epoch.</param>
    /// <param name="layer">The first layer (from 0) with a non-finite gradient, or -1 when the loss itself is not finite.</param>
    /// <param name="message">What was found.</param>
    public TrainingDivergedException(int epoch, int batch, int layer, string message)
        : base(message)
    {
        Epoch = epoch;
        Batch = batch;
        Layer = layer;
    }

    /// <summary>The epoch (from 1), or 0 for a step taken outside <see cref="Trainer{T}.Fit"/>.</summary>
    public int Epoch { get; }

    /// <summary>The batch within the epoch (from 1), or the step's number outside an epoch.</summary>
    public int Batch { get; }

    /// <summary>The first layer (from 0) with a non-finite gradient, or -1 when the loss itself is not finite.</summary>
    public int Layer { get; }
}
