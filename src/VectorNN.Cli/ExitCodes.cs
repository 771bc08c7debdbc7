namespace VectorNN.Cli;

/// <summary>The program's exit codes.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Bad data or model file, training that diverged, or an internal error (a bug).</summary>
    public const int BadData = 1;

    /// <summary>Bad usage: unknown command or option, a value out of range.</summary>
    public const int BadUsage = 2;

    /// <summary>Stopped by SIGINT (Ctrl-C): 128 + 2, as shells report it.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM: 128 + 15.</summary>
    public const int Terminated = 143;
}
