using Xunit;

namespace VectorNN.Tests;

/// <summary>
/// Tests that read process-sensitive counters (allocated bytes, timings) join this collection: xunit runs it after
/// the parallel tests, alone, so other tests' garbage collections and JIT tiering cannot show up in the counters.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SequentialCollection
{
    /// <summary>The collection's name, for <see cref="CollectionAttribute"/>.</summary>
    public const string Name = "Sequential";
}
