using FsCheck;
using FsCheck.Fluent;
using VectorNN.Testing;

namespace VectorNN.Tests.Generators;

/// <summary>
/// The smaller networks the reference model's own properties draw: 0 to 2 hidden layers, widths 1 to 6, batches of 1 to
/// 4, every loss (<see cref="NetworkCases.Generate"/> with its defaults).
/// </summary>
public static class ReferenceCases
{
    /// <summary>The arbitrary FsCheck draws cases from.</summary>
    public static Arbitrary<NetworkCase> Any() => NetworkCases.Generate().ToArbitrary();
}
