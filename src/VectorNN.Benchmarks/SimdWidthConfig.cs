using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace VectorNN.Benchmarks;

/// <summary>
/// One job per vector width: the same benchmark with AVX-512 on (the machine's default), with AVX-512 off
/// (Vector256), with AVX2 off (Vector128), and with every hardware intrinsic off (Scalar: the kernels' scalar
/// path, what the library does on a CPU without SIMD). The jobs differ only in the runtime's intrinsic switches.
/// GFLOP/s shows for classes that implement <see cref="IFlopCounted"/>.
/// </summary>
public sealed class SimdWidthConfig : ManualConfig
{
    /// <summary>Creates the four width jobs with allocation counting.</summary>
    public SimdWidthConfig()
    {
        AddJob(Job.Default.WithId("Vector512").AsBaseline());
        AddJob(Job.Default.WithId("Vector256").WithEnvironmentVariables(new EnvironmentVariable("DOTNET_EnableAVX512", "0")));
        AddJob(Job.Default.WithId("Vector128").WithEnvironmentVariables(new EnvironmentVariable("DOTNET_EnableAVX2", "0")));
        AddJob(Job.Default.WithId("Scalar").WithEnvironmentVariables(new EnvironmentVariable("DOTNET_EnableHWIntrinsic", "0")));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new GflopsColumn());
    }
}
