namespace VectorNN.Training;

/// <summary>
/// An <see cref="IProgress{T}"/> that runs its handler at once on the reporting thread, for console programs and
/// tests: unlike <see cref="Progress{T}"/>, which posts each report to the context it was created on (the UI thread,
/// or the thread pool where there is none), it never lets reports run late, out of order or in parallel with training.
/// </summary>
/// <remarks>
/// The handler runs on the training thread between steps, so it may read the network (to evaluate it, say); with
/// <see cref="Progress{T}"/> the handler runs while training goes on and must use only the report.
/// </remarks>
/// <typeparam name="T">The report type, e.g. <see cref="EpochReport"/> or <see cref="BatchReport"/>.</typeparam>
/// <param name="handler">Called with each report.</param>
public sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    private readonly Action<T> handler = handler ?? throw new ArgumentNullException(nameof(handler));

    /// <inheritdoc/>
    public void Report(T value) => handler(value);
}
