using FsCheck;
using FsCheck.Fluent;
using VectorNN.Tests.Oracles;

namespace VectorNN.Tests.Generators;

/// <summary>
/// The networks the back-propagation properties check: 1 to 3 hidden layers, widths 1 to 17 and batches of 1 to 9, so
/// that widths below, at and above every vector length occur; every loss, with every output activation it fits, and
/// every hidden activation. Value ranges as in <see cref="ReferenceCases"/>.
/// </summary>
public static class NetworkCases
{
    /// <summary>The arbitrary FsCheck draws cases from.</summary>
    public static Arbitrary<ReferenceCase> Networks() =>
        ReferenceCases.Generate(
            Gen.Elements(Enum.GetValues<ReferenceLoss>()), minHidden: 1, maxHidden: 3, maxWidth: 17, maxBatch: 9)
            .ToArbitrary();
}
