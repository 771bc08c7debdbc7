using System.Numerics;

namespace VectorNN.Data;

/// <summary>
/// Loss weights per class, for training on imbalanced classes: <see cref="Balanced"/> computes scikit-learn's
/// "balanced" weights, and <see cref="ToSampleWeights{T}"/> turns any class weights into the per-sample weights
/// that <see cref="Dataset{T}.WithSampleWeights"/> takes.
/// </summary>
public static class ClassWeights
{
    /// <summary>
    /// n_samples / (n_classes * count_c) for each class c, as scikit-learn's <c>compute_class_weight("balanced")</c>:
    /// every class then carries the same total weight, n_samples / n_classes.
    /// </summary>
    /// <param name="labels">The class of each sample, in [0, <paramref name="classes"/>).</param>
    /// <param name="classes">Number of classes, at least 1.</param>
    /// <exception cref="ArgumentException">A label out of range, no labels, or a class without samples (named).</exception>
    public static double[] Balanced(ReadOnlySpan<int> labels, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        if (labels.IsEmpty)
        {
            throw new ArgumentException("Expected at least one label, got none.", nameof(labels));
        }

        var counts = new int[classes];
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new ArgumentException($"Sample {i}: expected a label in [0, {classes - 1}], got {labels[i]}.", nameof(labels));
            }

            counts[labels[i]]++;
        }

        var weights = new double[classes];
        for (int c = 0; c < classes; c++)
        {
            if (counts[c] == 0)
            {
                throw new ArgumentException($"Class {c} has no samples, so it has no balanced weight.", nameof(labels));
            }

            weights[c] = (double)labels.Length / ((double)classes * counts[c]);
        }

        return weights;
    }

    /// <summary>The balanced weights of a classification set's classes (see <see cref="Balanced(ReadOnlySpan{int}, int)"/>).</summary>
    /// <exception cref="ArgumentException">A class without samples.</exception>
    public static double[] Balanced<T>(Dataset<T> data)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        return Balanced(Labels(data), ClassCount(data));
    }

    /// <summary>
    /// Each sample's weight: the weight of its class, the argmax of its target row (for a single target column, class 1
    /// where the value is at least 1/2).
    /// </summary>
    /// <param name="data">A classification set.</param>
    /// <param name="classWeights">One positive, finite weight per class (two for a single target column).</param>
    /// <exception cref="ArgumentException">Not one weight per class, or a weight that is not positive and finite.</exception>
    public static T[] ToSampleWeights<T>(Dataset<T> data, ReadOnlySpan<double> classWeights)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        int classes = ClassCount(data);
        if (classWeights.Length != classes)
        {
            throw new ArgumentException($"Expected {classes} class weights (one per class), got {classWeights.Length}.", nameof(classWeights));
        }

        for (int c = 0; c < classes; c++)
        {
            if (!(classWeights[c] > 0) || !double.IsFinite(classWeights[c]))
            {
                throw new ArgumentException($"Class {c}: expected a positive, finite weight, got {classWeights[c]}.", nameof(classWeights));
            }
        }

        int[] labels = Labels(data);
        var weights = new T[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            weights[i] = T.CreateTruncating(classWeights[labels[i]]);
        }

        return weights;
    }

    private static int ClassCount<T>(Dataset<T> data)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => Math.Max(data.TargetWidth, 2);

    private static int[] Labels<T>(Dataset<T> data)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var labels = new int[data.Count];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = Dataset<T>.ClassOf(data.Target(i));
        }

        return labels;
    }
}
