using System.Numerics;

namespace VectorNN.Data;

/// <summary>Checks on per-sample loss weights, shared by the data set and the back-propagation pass.</summary>
internal static class SampleWeights
{
    /// <summary>Throws unless every weight is positive and finite, naming the first that is not.</summary>
    /// <exception cref="ArgumentException">A weight is zero, negative, infinite or NaN.</exception>
    public static void RequirePositive<T>(ReadOnlySpan<T> weights, string paramName)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = 0; i < weights.Length; i++)
        {
            if (!(weights[i] > T.Zero) || !T.IsFinite(weights[i]))
            {
                throw new ArgumentException($"Sample {i}: expected a positive, finite weight, got {weights[i]}.", paramName);
            }
        }
    }
}
