using System.Numerics;

namespace VectorNN.Data;

/// <summary>
/// Samples for training or evaluation: an input row and a target row per sample, each stored row-major in one array.
/// Every value is checked to be finite when the set is created.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Dataset<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T[] inputs;
    private readonly T[] targets;

    /// <summary>Creates a data set from row-major inputs and targets (the arrays are used, not copied).</summary>
    /// <param name="inputs">[count x inputWidth] values.</param>
    /// <param name="targets">[count x targetWidth] values (one-hot rows for classification).</param>
    /// <param name="inputWidth">Values per input sample, at least 1.</param>
    /// <param name="targetWidth">Values per target, at least 1.</param>
    /// <param name="classNames">Optional names of the target columns' classes, <paramref name="targetWidth"/> of them.</param>
    /// <exception cref="ArgumentException">
    /// Empty data, a width below 1, lengths that are not whole rows or disagree on the sample count, a class-name list of
    /// the wrong length, or a NaN or infinity (named by sample and column).
    /// </exception>
    public Dataset(T[] inputs, T[] targets, int inputWidth, int targetWidth, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        RequireWidth(inputWidth, nameof(inputWidth));
        RequireWidth(targetWidth, nameof(targetWidth));
        if (inputs.Length == 0)
        {
            throw new ArgumentException("Expected at least one sample, got none.", nameof(inputs));
        }

        RequireRows(inputs.Length, inputWidth, nameof(inputs));
        RequireRows(targets.Length, targetWidth, nameof(targets));
        int count = inputs.Length / inputWidth;
        if (targets.Length / targetWidth != count)
        {
            throw new ArgumentException(
                $"Expected {count} target rows (one per input row), got {targets.Length / targetWidth}.", nameof(targets));
        }

        if (classNames is not null && classNames.Count != targetWidth)
        {
            throw new ArgumentException(
                $"Expected {targetWidth} class names (one per target column), got {classNames.Count}.", nameof(classNames));
        }

        RequireFinite(inputs, inputWidth, nameof(inputs));
        RequireFinite(targets, targetWidth, nameof(targets));
        this.inputs = inputs;
        this.targets = targets;
        InputWidth = inputWidth;
        TargetWidth = targetWidth;
        Count = count;
        ClassNames = classNames;
    }

    /// <summary>Number of samples.</summary>
    public int Count { get; }

    /// <summary>Values per input sample.</summary>
    public int InputWidth { get; }

    /// <summary>Values per target.</summary>
    public int TargetWidth { get; }

    /// <summary>The names of the classes the target columns stand for, if known.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>All inputs [count x inputWidth], row-major.</summary>
    public ReadOnlySpan<T> Inputs => inputs;

    /// <summary>All targets [count x targetWidth], row-major.</summary>
    public ReadOnlySpan<T> Targets => targets;

    /// <summary>Sample <paramref name="index"/>'s input row.</summary>
    public ReadOnlySpan<T> Input(int index) => inputs.AsSpan(checked(index * InputWidth), InputWidth);

    /// <summary>Sample <paramref name="index"/>'s target row.</summary>
    public ReadOnlySpan<T> Target(int index) => targets.AsSpan(checked(index * TargetWidth), TargetWidth);

    /// <summary>A classification set: integer labels in [0, classCount) become one-hot target rows.</summary>
    /// <exception cref="ArgumentException">A label out of range (named by sample), or the input problems the constructor rejects.</exception>
    public static Dataset<T> FromLabels(T[] inputs, int inputWidth, ReadOnlySpan<int> labels, int classCount, IReadOnlyList<string>? classNames = null)
    {
        RequireWidth(classCount, nameof(classCount));
        var targets = new T[checked(labels.Length * classCount)];
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new ArgumentException($"Sample {i}: expected a label in [0, {classCount - 1}], got {labels[i]}.", nameof(labels));
            }

            targets[(i * classCount) + labels[i]] = T.One;
        }

        return new Dataset<T>(inputs, targets, inputWidth, classCount, classNames);
    }

    private static void RequireWidth(int width, string paramName)
    {
        if (width < 1)
        {
            throw new ArgumentOutOfRangeException(paramName, width, $"Expected a width of at least 1, got {width}.");
        }
    }

    private static void RequireRows(int length, int width, string paramName)
    {
        if (length % width != 0)
        {
            throw new ArgumentException($"Expected whole rows of {width} values, got {length} values.", paramName);
        }
    }

    private static void RequireFinite(T[] values, int width, string paramName)
    {
        if (Kernels.Reduce.AllFinite<T>(values))
        {
            return;
        }

        int i = Array.FindIndex(values, v => !T.IsFinite(v));
        throw new ArgumentException(
            $"Sample {i / width}, column {i % width}: expected a finite value, got {values[i]}.", paramName);
    }
}
