namespace VectorNN.Training;

/// <summary>
/// Thrown when <see cref="Trainer{T}.Fit(Data.Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/> or <see cref="Trainer{T}.FitAsync(Data.Dataset{T}, IProgress{EpochReport}, IProgress{BatchReport}, CancellationToken)"/> is cancelled: an
/// <see cref="OperationCanceledException"/> that keeps the reports of the epochs finished before the cancellation.
/// </summary>
/// <remarks>
/// Cancellation is checked before every step. The network keeps the parameters of the last step taken (part of the
/// interrupted epoch may have been trained), and <see cref="Trainer{T}.State"/> stays at the last finished epoch.
/// </remarks>
public sealed class TrainingCanceledException : OperationCanceledException
{
    /// <summary>Creates the exception with the finished epochs' reports.</summary>
    /// <param name="reports">The reports of the epochs finished before the cancellation, first epoch first.</param>
    /// <param name="cancellationToken">The token whose cancellation stopped training.</param>
    public TrainingCanceledException(IReadOnlyList<EpochReport> reports, CancellationToken cancellationToken)
        : base(Describe(reports), cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reports);
        Reports = reports;
    }

    /// <summary>The reports of the epochs finished before the cancellation, first epoch first; empty if none finished.</summary>
    public IReadOnlyList<EpochReport> Reports { get; }

    private static string Describe(IReadOnlyList<EpochReport>? reports) =>
        reports is null || reports.Count == 0
            ? "Training was cancelled before the first epoch finished."
            : $"Training was cancelled after epoch {reports[^1].Epoch} ({reports.Count} epochs finished in this run).";
}
