namespace VectorNN.Training;

/// <summary>Where training stands after one step (see <see cref="Trainer{T}.Fit(Data.Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/>'s batchProgress).</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Batch">The batch just trained, from 1.</param>
/// <param name="Batches">Batches in the epoch.</param>
/// <param name="Samples">Samples trained on so far in the epoch.</param>
/// <param name="Loss">The batch's loss before its update.</param>
public readonly record struct BatchReport(int Epoch, int Batch, int Batches, int Samples, double Loss);
