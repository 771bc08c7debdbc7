using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains;
using BenchmarkDotNet.Toolchains.DotNetCli;

namespace VectorNN.Benchmarks;

/// <summary>The entry point of a benchmark program: <c>return VectorNNBenchmarks.Run(args);</c> is the whole Program.cs.</summary>
public static class VectorNNBenchmarks
{
    /// <summary>
    /// Parses the network options (<see cref="NetworkBenchmarkSettings.Parse"/>), then runs
    /// <see cref="NetworkInferenceBenchmark"/> and <see cref="NetworkTrainingBenchmark"/> through BenchmarkDotNet with
    /// the remaining arguments (all benchmarks unless they hold a <c>--filter</c>), with one job per SIMD width when
    /// <c>--simd-widths</c> is given.
    /// </summary>
    /// <param name="args">The program's arguments.</param>
    /// <returns>0 when every benchmark ran, 1 when one failed, 2 for bad arguments (after one line on standard error).</returns>
    public static int Run(string[] args)
    {
        NetworkBenchmarkSettings settings;
        string[] rest;
        try
        {
            settings = NetworkBenchmarkSettings.Parse(args, out rest);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        NetworkBenchmarkSettings.Current = settings;
        if (!rest.Any(a => a is "--filter" or "-f"))
        {
            rest = [.. rest, "--filter", "*"];
        }

        var config = ManualConfig.Create(DefaultConfig.Instance).AddJob(EntryProjectJob());
        if (settings.SimdWidths)
        {
            config.Add(new SimdWidthConfig());
        }

        var summaries = BenchmarkSwitcher.FromTypes([typeof(NetworkInferenceBenchmark), typeof(NetworkTrainingBenchmark)]).Run(rest, config);
        bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return failed ? 1 : 0;
    }

    // A mutator: every job, including those chosen on the command line (--job short), builds its process from the
    // program's project (see EntryProjectGenerator).
    private static Job EntryProjectJob()
    {
        string framework = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        var toolchain = new Toolchain(
            framework, new EntryProjectGenerator(framework), new DotNetCliBuilder(framework, customDotNetCliPath: null!), new DotNetCliExecutor(customDotNetCliPath: null!));
        return Job.Default.WithToolchain(toolchain).AsMutator();
    }
}
