namespace VectorNN.Kernels;

/// <summary>
/// How many threads the kernels may use: GEMM, and through it batch inference, split large problems across this many
/// cores, and a training step its batch's chunks of samples; small ones stay on the calling thread.
/// </summary>
/// <remarks>
/// <see cref="MaxThreads"/> is the process default. A trainer (<see cref="Training.TrainingOptions.MaxDegreeOfParallelism"/>)
/// or a prediction call (<see cref="Layers.Network{T}.Predict(ReadOnlySpan{T}, int, Span{T}, int)"/>) can set its own
/// limit, which holds on its thread for the length of the call (<see cref="Current"/>) and leaves other callers alone.
/// Results do not depend on either: each output element is computed by the same operations in the same order
/// whatever the split, and a training step cuts its batch into chunks by the batch's size alone.
/// </remarks>
public static class Parallelism
{
    /// <summary>The value of a MaxDegreeOfParallelism option that means "the process default, <see cref="MaxThreads"/>".</summary>
    public const int ProcessDefault = -1;

    private static int maxThreads = Environment.ProcessorCount;

    // The limit of the call running on this thread, 0 when none is set.
    [ThreadStatic]
    private static int callLimit;

    /// <summary>
    /// The process default: the most threads one kernel call uses, the calling thread included; at least 1. Defaults to
    /// the processor count.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public static int MaxThreads
    {
        get => maxThreads;
        set => maxThreads = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxThreads), value, $"Expected at least 1 thread, got {value}.");
    }

    /// <summary>
    /// The limit in force on the calling thread: the MaxDegreeOfParallelism of the training or prediction call running
    /// on it, else <see cref="MaxThreads"/>.
    /// </summary>
    public static int Current => callLimit > 0 ? callLimit : maxThreads;

    /// <summary>
    /// Throws unless <paramref name="maxDegreeOfParallelism"/> is <see cref="ProcessDefault"/> or at least 1, as
    /// <see cref="System.Threading.Tasks.ParallelOptions.MaxDegreeOfParallelism"/>.
    /// </summary>
    internal static void Validate(int maxDegreeOfParallelism, string paramName)
    {
        if (maxDegreeOfParallelism != ProcessDefault && maxDegreeOfParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(
                paramName, maxDegreeOfParallelism, $"Expected {paramName} >= 1, or -1 for the process default (Parallelism.MaxThreads), got {maxDegreeOfParallelism}.");
        }
    }

    /// <summary>
    /// Sets the calling thread's limit to <paramref name="maxDegreeOfParallelism"/> (<see cref="ProcessDefault"/>: leaves
    /// it as it is) until the returned scope is disposed, which restores the previous limit.
    /// </summary>
    internal static Scope Limit(int maxDegreeOfParallelism)
    {
        int previous = callLimit;
        if (maxDegreeOfParallelism != ProcessDefault)
        {
            callLimit = maxDegreeOfParallelism;
        }

        return new Scope(previous);
    }

    /// <summary>Restores the calling thread's previous limit when disposed.</summary>
    internal readonly struct Scope(int previous) : IDisposable
    {
        public void Dispose() => callLimit = previous;
    }
}
