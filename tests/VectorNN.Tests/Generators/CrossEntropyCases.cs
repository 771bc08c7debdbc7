using FsCheck;
using FsCheck.Fluent;
using VectorNN.Losses;
using VectorNN.Testing;

namespace VectorNN.Tests.Generators;

/// <summary>The <see cref="ReferenceCases"/> with a softmax output, cross-entropy and one-hot targets.</summary>
public static class CrossEntropyCases
{
    /// <summary>Random small softmax networks, as <see cref="ReferenceCases.Any"/> draws them.</summary>
    public static Arbitrary<NetworkCase> Case() => NetworkCases.Generate(Gen.Constant(Loss.CrossEntropy)).ToArbitrary();
}
