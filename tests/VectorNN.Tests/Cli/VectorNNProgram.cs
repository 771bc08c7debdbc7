using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace VectorNN.Tests.Cli;

/// <summary>Runs the built <c>vectornn</c> program in a child process, as a user would.</summary>
internal static class VectorNNProgram
{
    private static readonly string Path = typeof(VectorNNProgram).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "VectorNNCliPath").Value!;

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        /// <summary>Stdout parsed as the one JSON object <c>--json</c> promises (the parse fails on anything else).</summary>
        public JsonElement Json()
        {
            using JsonDocument document = JsonDocument.Parse(Stdout);
            return document.RootElement.Clone();
        }

        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    /// <summary>The folder of the built program and its dependencies.</summary>
    public static string Folder => System.IO.Path.GetDirectoryName(Path)!;

    public static Result Run(params string[] args) => RunCopy(Path, args);

    /// <summary>Runs a copy of the program: <paramref name="programDll"/> is its <c>VectorNN.Cli.dll</c>.</summary>
    public static Result RunCopy(string programDll, params string[] args)
    {
        using Process process = StartCopy(programDll, args);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"vectornn {string.Join(' ', args)} did not finish in 3 minutes.");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts the program with stdout and stderr redirected, for a test that talks to it while it runs.</summary>
    public static Process Start(params string[] args) => StartCopy(Path, args);

    /// <summary>As <see cref="Start"/>, for a copy of the program (see <see cref="RunCopy"/>).</summary>
    public static Process StartCopy(string programDll, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(programDll);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        return Process.Start(start)!;
    }
}
