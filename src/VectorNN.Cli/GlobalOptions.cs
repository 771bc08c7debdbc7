using System.CommandLine;
using VectorNN.Data;

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

    /// <summary>The most content one data file may hold (<see cref="LoadLimits.MaxBytes"/>).</summary>
    public static readonly Option<long> MaxInputBytes = new("--max-input-bytes")
    {
        Description = $"The most content one data file may hold: decompressed IDX bytes, CSV characters (default {LoadLimits.DefaultMaxBytes}, 1 GiB).",
        DefaultValueFactory = _ => LoadLimits.DefaultMaxBytes,
        Recursive = true,
    };

    /// <summary>The most characters one CSV line may hold (<see cref="LoadLimits.MaxLineLength"/>).</summary>
    public static readonly Option<int> MaxLineLength = new("--max-line-length")
    {
        Description = $"The most characters one CSV line may hold (default {LoadLimits.DefaultMaxLineLength}).",
        DefaultValueFactory = _ => LoadLimits.DefaultMaxLineLength,
        Recursive = true,
    };

    /// <summary>The data-file limits the options give.</summary>
    /// <exception cref="UsageException">A limit is below 1.</exception>
    public static LoadLimits Limits(ParseResult result)
    {
        long bytes = result.GetValue(MaxInputBytes);
        int line = result.GetValue(MaxLineLength);
        return bytes < 1 ? throw new UsageException($"--max-input-bytes: expected at least 1, got {bytes}.")
            : line < 1 ? throw new UsageException($"--max-line-length: expected at least 1, got {line}.")
            : new LoadLimits { MaxBytes = bytes, MaxLineLength = line };
    }
}
