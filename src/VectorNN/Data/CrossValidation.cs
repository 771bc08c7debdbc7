using System.Globalization;
using System.Numerics;

namespace VectorNN.Data;

/// <summary>
/// K-fold cross-validation splits: every sample is in exactly one test fold, and fold k trains on the other folds.
/// </summary>
/// <remarks>
/// The folds are dealt, not cut: the sample indices are shuffled (one <see cref="DeterministicRandom"/> for the seed)
/// and the i-th of them goes to fold i mod k, so fold sizes differ by at most one. Stratified, each class's samples are
/// shuffled (classes in index order, as <see cref="Dataset{T}.StratifiedSplit"/> does) and dealt in one run across the
/// classes, so each class's count also differs by at most one between folds. A sample's class is the argmax of its
/// target row, or for a single target column whether the value is at least 0.5.
/// </remarks>
public static class CrossValidation
{
    /// <summary>The test folds of <paramref name="data"/>: <paramref name="foldCount"/> sets of sample indices, each in ascending order.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="data">The samples.</param>
    /// <param name="foldCount">The number of folds, from 2 to the number of samples.</param>
    /// <param name="seed">The shuffle's seed: the same seed gives the same folds.</param>
    /// <param name="stratified">Whether each class keeps its share in every fold (classification); false for regression.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="foldCount"/> is below 2 or above the number of samples.</exception>
    /// <exception cref="ArgumentException">
    /// Stratified, a class has samples but fewer than <paramref name="foldCount"/>, so some fold would test none of it;
    /// the message names the class and its count.
    /// </exception>
    public static int[][] Folds<T>(Dataset<T> data, int foldCount, ulong seed, bool stratified)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        if (foldCount < 2 || foldCount > data.Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(foldCount), foldCount, $"Expected a fold count from 2 to the number of samples, {data.Count}, got {foldCount}.");
        }

        var random = new DeterministicRandom(seed);
        int[] order = stratified ? ClassByClass(data, foldCount, random) : [.. Enumerable.Range(0, data.Count)];
        if (!stratified)
        {
            random.Shuffle(order.AsSpan());
        }

        var folds = new List<int>[foldCount];
        for (int f = 0; f < foldCount; f++)
        {
            folds[f] = new List<int>((data.Count / foldCount) + 1);
        }

        for (int i = 0; i < order.Length; i++)
        {
            folds[i % foldCount].Add(order[i]);
        }

        return [.. folds.Select(f => f.Order().ToArray())];
    }

    /// <summary>The training and test parts of one fold: the samples not in <paramref name="testFold"/>, and those in it, each in the original order.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="data">The samples.</param>
    /// <param name="testFold">The test fold's sample indices (one of <see cref="Folds"/>), each once.</param>
    /// <exception cref="ArgumentException">An index is out of range or repeated, or the fold is empty or holds every sample.</exception>
    public static (Dataset<T> Train, Dataset<T> Test) Split<T>(Dataset<T> data, ReadOnlySpan<int> testFold)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        var inTest = new bool[data.Count];
        foreach (int i in testFold)
        {
            if ((uint)i >= (uint)data.Count || inTest[i])
            {
                throw new ArgumentException($"Expected distinct sample indices in [0, {data.Count - 1}], got {i}{((uint)i < (uint)data.Count ? " twice" : "")}.", nameof(testFold));
            }

            inTest[i] = true;
        }

        if (testFold.Length == 0 || testFold.Length == data.Count)
        {
            throw new ArgumentException($"Expected a test fold of 1 to {data.Count - 1} samples, got {testFold.Length}.", nameof(testFold));
        }

        return (data.Select(inTest, false, data.Count - testFold.Length), data.Select(inTest, true, testFold.Length));
    }

    /// <summary>
    /// The training and test parts of one fold with their inputs rescaled by <paramref name="normalization"/>, its
    /// statistics fitted on the training part alone: the held-out fold does not shape its own scaling, as new data would not.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="data">The samples.</param>
    /// <param name="testFold">The test fold's sample indices (one of <see cref="Folds"/>), each once.</param>
    /// <param name="normalization">How to rescale the inputs.</param>
    /// <returns>Both parts, rescaled, and the fitted normalization (to store with a model trained on the training part).</returns>
    /// <exception cref="ArgumentException">An index is out of range or repeated, or the fold is empty or holds every sample.</exception>
    public static (Dataset<T> Train, Dataset<T> Test, Normalization Normalization) Split<T>(Dataset<T> data, ReadOnlySpan<int> testFold, NormalizationMethod normalization)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (Dataset<T> train, Dataset<T> test) = Split(data, testFold);
        Normalization fitted = Normalization.Fit(normalization, train.Inputs, train.InputWidth);
        return (Rescaled(train, fitted), Rescaled(test, fitted), fitted);
    }

    private static Dataset<T> Rescaled<T>(Dataset<T> part, Normalization normalization)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] inputs = part.Inputs.ToArray();
        normalization.Apply<T>(inputs);
        return new Dataset<T>(inputs, part.Targets.ToArray(), part.InputWidth, part.TargetWidth, part.ClassNames) { TargetNames = part.TargetNames };
    }

    // Each class's samples shuffled, classes one after another; a class with samples must reach every fold.
    private static int[] ClassByClass<T>(Dataset<T> data, int foldCount, DeterministicRandom random)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int classCount = data.TargetWidth == 1 ? 2 : data.TargetWidth;
        var members = new List<int>[classCount];
        for (int c = 0; c < classCount; c++)
        {
            members[c] = [];
        }

        for (int i = 0; i < data.Count; i++)
        {
            members[Dataset<T>.ClassOf(data.Target(i))].Add(i);
        }

        var order = new List<int>(data.Count);
        for (int c = 0; c < classCount; c++)
        {
            int count = members[c].Count;
            if (count > 0 && count < foldCount)
            {
                string name = data.ClassNames is { } names && c < names.Count ? names[c] : c.ToString(CultureInfo.InvariantCulture);
                throw new ArgumentException(
                    $"Expected at most {count} folds: class {name} has only {count} sample(s), so some fold would test none of it.");
            }

            Span<int> shuffled = [.. members[c]];
            random.Shuffle(shuffled);
            order.AddRange(shuffled);
        }

        return [.. order];
    }
}
