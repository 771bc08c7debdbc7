using System.Reflection;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.CsProj;

namespace VectorNN.Benchmarks;

/// <summary>
/// Generates the benchmark process's project around the program's own project rather than the benchmark class's: the
/// classes ship compiled in this package, and BenchmarkDotNet otherwise looks for a VectorNN.Benchmarks.csproj that a
/// user's folder does not have. The program's project references this package, so the process finds the classes.
/// The nulls are BenchmarkDotNet's own defaults (the dotnet on PATH, the default package folder), not annotated as nullable.
/// </summary>
internal sealed class EntryProjectGenerator(string targetFrameworkMoniker)
    : CsProjGenerator(targetFrameworkMoniker, cliPath: null!, packagesPath: null!, runtimeFrameworkVersion: null!, isNetCore: true)
{
    /// <inheritdoc />
    protected override FileInfo GetProjectFilePath(Type benchmarkTarget, ILogger logger)
    {
        Type? entry = Assembly.GetEntryAssembly()?.EntryPoint?.DeclaringType;
        return base.GetProjectFilePath(entry ?? benchmarkTarget, logger);
    }
}
