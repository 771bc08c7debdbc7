using BenchmarkDotNet.Running;

namespace VectorNN.Bench;

/// <summary>Runs the benchmarks chosen by BenchmarkDotNet's command line, e.g. <c>--filter '*Gemm*'</c>.</summary>
public static class Program
{
    /// <summary>Exits 1 when any benchmark failed or a validator rejected the run, so scripts notice.</summary>
    public static int Main(string[] args)
    {
        Console.WriteLine($"VectorNN kernels: {VectorNN.Kernels.Simd.Describe()}");
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return failed ? 1 : 0;
    }
}
