using System.Numerics;
using System.Runtime.CompilerServices;

namespace VectorNN.Losses;

/// <summary>
/// Each sample's share of a batch's loss: 1 / batch, or with sample weights w_s / sum w. Computed once for the whole
/// batch, so that the gradient of any chunk of it is the whole batch's for those rows.
/// </summary>
/// <param name="PerSample">1 / batch: the share of every sample of an unweighted batch.</param>
/// <param name="PerWeight">1 / sum w: a weighted sample's share per unit of its weight; 0 without weights.</param>
/// <param name="Total">The batch's size, or the sum of its weights: what the summed loss is divided by.</param>
internal readonly record struct LossShares(double PerSample, double PerWeight, double Total)
{
    /// <summary>The shares of a batch of <paramref name="batch"/> samples with <paramref name="weights"/> (or none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LossShares Of<T>(ReadOnlySpan<T> weights, int batch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double total = LossLayer.WeightSum(weights, batch);
        return new LossShares(1.0 / batch, weights.IsEmpty ? 0 : 1.0 / total, total);
    }

    /// <summary>The share of row <paramref name="row"/> of <paramref name="weights"/> (the chunk's own weights, or empty).</summary>
    public double Share<T>(ReadOnlySpan<T> weights, int row)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        weights.IsEmpty ? PerSample : double.CreateTruncating(weights[row]) * PerWeight;
}
