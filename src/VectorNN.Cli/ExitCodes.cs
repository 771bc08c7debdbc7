namespace VectorNN.Cli;

/// <summary>The program's exit codes.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Bad data or model file, or training that diverged.</summary>
    public const int BadData = 1;

    /// <summary>Bad usage: unknown command or option, a value out of range.</summary>
    public const int BadUsage = 2;
}
