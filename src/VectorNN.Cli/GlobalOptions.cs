using System.CommandLine;

namespace VectorNN.Cli;

/// <summary>Options every command accepts.</summary>
internal static class GlobalOptions
{
    /// <summary>Print exactly one JSON object on stdout and nothing else.</summary>
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print exactly one JSON object (snake_case keys) on stdout and nothing else.",
        Recursive = true,
    };
}
