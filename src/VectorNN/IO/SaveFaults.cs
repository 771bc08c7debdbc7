namespace VectorNN.IO;

/// <summary>
/// Failures injected into the saves of the current asynchronous flow, so that tests can reproduce a full disk or a
/// process killed between two renames without filling a disk or killing the test process. Null (the default) injects
/// nothing.
/// </summary>
internal sealed class SaveFaults
{
    private static readonly AsyncLocal<SaveFaults?> CurrentFaults = new();

    /// <summary>The faults in effect for saves on this flow.</summary>
    public static SaveFaults? Current
    {
        get => CurrentFaults.Value;
        set => CurrentFaults.Value = value;
    }

    /// <summary>Wraps the stream a temporary file is written through (e.g. with one that fails as a full disk does).</summary>
    public Func<Stream, Stream>? WrapStream { get; init; }

    /// <summary>Runs after each completed file is moved over its target, with the target's path (e.g. to fail as a kill would).</summary>
    public Action<string>? AfterMove { get; init; }
}
