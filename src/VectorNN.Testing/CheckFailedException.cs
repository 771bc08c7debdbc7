namespace VectorNN.Testing;

/// <summary>
/// A check of this package failed: a value outside its derived tolerance, a gradient that disagrees with central
/// differences, or a length of a sweep that failed. A plain exception, so the checks work under any test framework
/// (each reports an unexpected exception as a failure) and inside FsCheck properties (a property that throws fails).
/// </summary>
public sealed class CheckFailedException : Exception
{
    /// <summary>A failed check described by <paramref name="message"/>.</summary>
    /// <param name="message">What was checked, where, and by how much it missed.</param>
    public CheckFailedException(string message)
        : base(message)
    {
    }

    /// <summary>A failed check that wraps the failure that caused it.</summary>
    /// <param name="message">What was checked, where, and by how much it missed.</param>
    /// <param name="innerException">The failure inside the check.</param>
    public CheckFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
