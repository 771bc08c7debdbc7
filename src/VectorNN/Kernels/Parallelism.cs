namespace VectorNN.Kernels;

/// <summary>
/// How many threads the kernels may use: GEMM, and through it the training step and batch inference, split large
/// problems across this many cores; small ones stay on the calling thread.
/// </summary>
public static class Parallelism
{
    private static int maxThreads = Environment.ProcessorCount;

    /// <summary>
    /// The most threads one kernel call uses, the calling thread included; at least 1. Defaults to the processor
    /// count. Results do not depend on it: each output element is computed by the same operations in the same order
    /// whatever the split.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public static int MaxThreads
    {
        get => maxThreads;
        set => maxThreads = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxThreads), value, $"Expected at least 1 thread, got {value}.");
    }
}
