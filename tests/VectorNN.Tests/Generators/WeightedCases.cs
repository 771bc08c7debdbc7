using FsCheck;
using FsCheck.Fluent;
using VectorNN.Testing;

namespace VectorNN.Tests.Generators;

/// <summary>A reference case with per-sample loss weights, dropout masks on its hidden layers, or both.</summary>
/// <param name="Case">The network, batch and loss.</param>
/// <param name="Weights">One weight per sample, or null for the plain mean.</param>
/// <param name="Masks">One mask [batch x units] per hidden layer (0 or 2: rate 1/2), or null for no dropout.</param>
public sealed record WeightedCase(NetworkCase Case, double[]? Weights, double[][]? Masks)
{
    /// <summary>The case and which of weights and masks it carries.</summary>
    public override string ToString() => $"{Case} weights {(Weights is null ? "none" : string.Join(", ", Weights))} masks {(Masks is null ? "none" : "on")}";
}

/// <summary>
/// Cases as <see cref="NetworkCases"/>, each with weights in {1/4, ..., 4} (exact in binary, and far apart enough
/// that a wrong share per sample shows), dropout masks of 0 and 2 per hidden unit, or both.
/// </summary>
public static class WeightedCases
{
    /// <summary>The arbitrary FsCheck draws cases from.</summary>
    public static Arbitrary<WeightedCase> Cases() =>
        (from c in NetworkCases.Generate(minHidden: 1, maxHidden: 3, widths: Gen.Choose(1, 9), maxBatch: 9)
         from kind in Gen.Choose(0, 2)
         from weights in Gen.Choose(1, 16).ArrayOf(c.Batch)
         from masks in Masks(c)
         select new WeightedCase(
             c,
             kind == 1 ? null : Array.ConvertAll(weights, w => w / 4.0),
             kind == 0 ? null : masks))
        .ToArbitrary();

    private static Gen<double[][]> Masks(NetworkCase c)
    {
        // One array of bits for all hidden layers, cut into a mask per layer.
        int[] sizes = [.. c.Widths[1..^1].Select(w => c.Batch * w)];
        return Gen.Choose(0, 1).ArrayOf(sizes.Sum()).Select(bits =>
        {
            var masks = new double[sizes.Length][];
            for (int i = 0, start = 0; i < sizes.Length; start += sizes[i], i++)
            {
                masks[i] = Array.ConvertAll(bits[start..(start + sizes[i])], b => 2.0 * b);
            }

            return masks;
        });
    }
}
