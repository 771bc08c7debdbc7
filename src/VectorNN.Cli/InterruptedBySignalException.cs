namespace VectorNN.Cli;

/// <summary>A command stopped by SIGINT or SIGTERM; the message says where it stopped and what was kept.</summary>
internal sealed class InterruptedBySignalException(int exitCode, string message) : Exception(message)
{
    /// <summary>130 for SIGINT, 143 for SIGTERM, as a shell reports a process those signals end.</summary>
    public int ExitCode { get; } = exitCode;
}
