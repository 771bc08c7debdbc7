using BenchmarkDotNet.Configs;

namespace VectorNN.Benchmarks;

/// <summary>Adds the <see cref="GflopsColumn"/> to the default job, for benchmark classes that implement <see cref="IFlopCounted"/>.</summary>
public sealed class GflopsConfig : ManualConfig
{
    /// <summary>Creates the configuration.</summary>
    public GflopsConfig()
    {
        AddColumn(new GflopsColumn());
    }
}
