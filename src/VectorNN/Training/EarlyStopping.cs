namespace VectorNN.Training;

/// <summary>
/// Early stopping on the validation loss (<see cref="TrainingOptions.EarlyStopping"/>): training stops once
/// <paramref name="Patience"/> epochs in a row have not brought the validation loss more than
/// <paramref name="MinDelta"/> below the best so far, and the network gets back the parameters of the best epoch.
/// </summary>
/// <remarks>
/// As scikit-learn's <c>early_stopping</c> (and Keras's <c>EarlyStopping</c> with <c>restore_best_weights</c>), it
/// monitors held-out data, so <see cref="Trainer{T}.Fit(Data.Dataset{T}, Data.Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/>
/// needs validation data. The best epoch is tracked within one call of Fit: a resumed run starts tracking afresh.
/// </remarks>
/// <param name="Patience">Epochs without improvement before training stops, &gt;= 1.</param>
/// <param name="MinDelta">How far below the best loss a loss must be to count as an improvement, finite and &gt;= 0.</param>
public sealed record EarlyStopping(int Patience, double MinDelta = 0)
{
    /// <summary>Throws unless both values are in range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message gives the range.</exception>
    public void Validate()
    {
        if (Patience < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Patience), Patience, $"Expected EarlyStopping.Patience >= 1, got {Patience}.");
        }

        if (!(double.IsFinite(MinDelta) && MinDelta >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(MinDelta), MinDelta, $"Expected EarlyStopping.MinDelta finite and >= 0, got {MinDelta}.");
        }
    }
}
