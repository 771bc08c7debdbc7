using System.Globalization;
using System.Numerics;
using VectorNN.Data;
using VectorNN.Kernels;

namespace VectorNN.Cli.Commands;

/// <summary>
/// <c>--validation-fraction</c>: the seeded hold-out of validation data from the training data, stratified for classes
/// (regression targets have no classes to keep in proportion).
/// </summary>
internal static class ValidationHoldOut
{
    public const string Name = "--validation-fraction";

    /// <summary>Throws a usage error unless <paramref name="fraction"/> lies in (0, 1).</summary>
    public static void Check(double? fraction)
    {
        if (fraction is double f && !(f > 0 && f < 1))
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{Name}: expected a fraction between 0 and 1 (both excluded), got {f}."));
        }
    }

    /// <summary>
    /// Moves <paramref name="fraction"/> of each class of <paramref name="train"/> to the returned validation set
    /// (<see cref="Dataset{T}.StratifiedSplit"/>); a usage error when a part would be empty or a class would keep no
    /// training sample. Without <paramref name="stratified"/> (regression), a plain seeded split (<see cref="Dataset{T}.Split"/>).
    /// </summary>
    public static Dataset<T> Split<T>(ref Dataset<T> train, double fraction, ulong seed, bool stratified)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Dataset<T> kept, held;
        try
        {
            (kept, held) = stratified ? train.StratifiedSplit(fraction, seed) : train.Split(fraction, seed);
        }
        catch (ArgumentException)
        {
            throw new UsageException(string.Create(
                CultureInfo.InvariantCulture, $"{Name} {fraction}: the training data's {train.Count} sample(s) cannot be split into two non-empty parts; give more data or another fraction."));
        }

        int[] before = stratified ? ClassCounts(train) : [], after = stratified ? ClassCounts(kept) : [];
        for (int c = 0; c < before.Length; c++)
        {
            if (before[c] > 0 && after[c] == 0)
            {
                string name = train.ClassNames is { } names && c < names.Count ? names[c] : c.ToString(CultureInfo.InvariantCulture);
                throw new UsageException(string.Create(
                    CultureInfo.InvariantCulture, $"{Name} {fraction}: class '{name}' has {before[c]} sample(s), all of which would be held out, leaving none to train on; give a smaller fraction or more samples of it."));
            }
        }

        train = kept;
        return held;
    }

    /// <summary>Samples per class: the largest target, or for one target column whether it is at least 1/2 (as the split counts).</summary>
    private static int[] ClassCounts<T>(Dataset<T> data)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var counts = new int[Math.Max(data.TargetWidth, 2)];
        for (int i = 0; i < data.Count; i++)
        {
            ReadOnlySpan<T> target = data.Target(i);
            counts[target.Length == 1 ? (target[0] >= T.CreateTruncating(0.5) ? 1 : 0) : Reduce.ArgMax(target)]++;
        }

        return counts;
    }
}
