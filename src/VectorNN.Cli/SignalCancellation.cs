using System.Runtime.InteropServices;

namespace VectorNN.Cli;

/// <summary>
/// While alive, turns SIGINT (Ctrl-C) and SIGTERM into a cancellation instead of ending the process, so a long command
/// can stop at a safe point, say where, and exit with <see cref="ExitCode"/>.
/// </summary>
internal sealed class SignalCancellation : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly PosixSignalRegistration interrupt;
    private readonly PosixSignalRegistration terminate;
    private volatile string? received;

    public SignalCancellation()
    {
        interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => source.Token;

    /// <summary>"SIGINT" or "SIGTERM" once one arrived.</summary>
    public string? Signal => received;

    /// <summary>The exit code for the signal that arrived: 130 for SIGINT, 143 for SIGTERM.</summary>
    public int ExitCode => received == "SIGTERM" ? ExitCodes.Terminated : ExitCodes.Interrupted;

    public void Dispose()
    {
        interrupt.Dispose();
        terminate.Dispose();
        source.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        // Keep the process alive: the command stops itself at its next safe point.
        context.Cancel = true;
        received ??= context.Signal == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT";
        source.Cancel();
    }
}
