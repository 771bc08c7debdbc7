using System.Diagnostics;
using System.Reflection;
using System.Text;
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
        using var running = new Running(programDll, args);
        return running.WaitForExit();
    }

    /// <summary>Starts the program and returns at once, for tests that act while it runs (signals).</summary>
    public static Running Start(params string[] args) => new(Path, args);

    /// <summary>A started <c>vectornn</c>; disposing it kills the process if it still runs.</summary>
    public sealed class Running : IDisposable
    {
        private readonly Process process;
        private readonly string[] args;
        private readonly StringBuilder stdout = new();
        private readonly Task<string> stderr;
        private readonly Task stdoutDone;

        public Running(string programDll, string[] args)
        {
            this.args = args;
            // Through env(1) with SIGINT at its default disposition: a process started from a background job of a
            // non-interactive shell inherits SIGINT ignored, and .NET leaves an ignored SIGINT ignored (as nohup wants).
            var start = new ProcessStartInfo("env")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("--default-signal=INT");
            TierTheJit(start);
            start.ArgumentList.Add("dotnet");
            start.ArgumentList.Add(programDll);
            foreach (string a in args)
            {
                start.ArgumentList.Add(a);
            }

            process = Process.Start(start)!;
            stderr = process.StandardError.ReadToEndAsync();
            stdoutDone = Task.Run(async () =>
            {
                var buffer = new char[4096];
                int n;
                while ((n = await process.StandardOutput.ReadAsync(buffer)) > 0)
                {
                    lock (stdout)
                    {
                        stdout.Append(buffer, 0, n);
                    }
                }
            });
        }

        /// <summary>The process id, for sending it signals.</summary>
        public int Id => process.Id;

        /// <summary>Waits (up to 3 minutes) until stdout holds <paramref name="text"/>; false if the program ended first.</summary>
        public bool WaitForOutput(string text)
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromMinutes(3))
            {
                lock (stdout)
                {
                    if (stdout.ToString().Contains(text, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }

                if (process.HasExited && stdoutDone.IsCompleted)
                {
                    return false;
                }

                Thread.Sleep(20);
            }

            return false;
        }

        /// <summary>Sends a signal by name (INT, TERM) with kill(1), as a user's shell would.</summary>
        public void Signal(string name)
        {
            using Process kill = Process.Start("kill", ["-" + name, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            kill.WaitForExit();
        }

        public Result WaitForExit()
        {
            if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"vectornn {string.Join(' ', args)} did not finish in 3 minutes.");
            }

            stdoutDone.Wait();
            lock (stdout)
            {
                return new Result(process.ExitCode, stdout.ToString(), stderr.Result);
            }
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }
    }

    /// <summary>Starts the program with stdout and stderr redirected, for a test that reads its streams while it runs.</summary>
    public static Process StartProcess(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        TierTheJit(start);
        start.ArgumentList.Add(Path);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        return Process.Start(start)!;
    }

    // The program turns tiered compilation off so that its first epochs run optimized code; the tests check what it
    // does, not how fast, and hundreds of short runs start about twice as fast with tier-0 code first. Every tier
    // computes the same values: the kernels' floating-point operations are explicit, never contracted by the JIT.
    private static void TierTheJit(ProcessStartInfo start) => start.Environment["DOTNET_TieredCompilation"] = "1";
}
