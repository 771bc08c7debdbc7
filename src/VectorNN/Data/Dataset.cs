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
    private T[] sampleWeights = [];

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
        : this(inputs, targets, inputWidth, targetWidth, classNames, FiniteCheck.InputsAndTargets)
    {
    }

    // `check` says which arrays still need the pass that looks for NaN and infinity: the factories skip it for values
    // they made or checked themselves (one-hot targets; pixels b / 255; parsed CSV numbers), which saves a pass over data
    // sets of hundreds of megabytes.
    private Dataset(T[] inputs, T[] targets, int inputWidth, int targetWidth, IReadOnlyList<string>? classNames, FiniteCheck check)
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
            throw TargetRowsDiffer(count, targets.Length / targetWidth);
        }

        if (classNames is not null && classNames.Count != targetWidth)
        {
            throw ClassNamesDiffer(targetWidth, classNames.Count);
        }

        if (check != FiniteCheck.None)
        {
            RequireFinite(inputs, inputWidth, nameof(inputs));
        }

        if (check == FiniteCheck.InputsAndTargets)
        {
            RequireFinite(targets, targetWidth, nameof(targets));
        }

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

    /// <summary>
    /// The names of the target columns of a regression set, one per target column, if known (<see cref="CsvLoader"/>
    /// sets them). Splits and rescaled copies keep them.
    /// </summary>
    /// <exception cref="ArgumentException">The list does not hold <see cref="TargetWidth"/> names.</exception>
    public IReadOnlyList<string>? TargetNames
    {
        get;
        init => field = value is null || value.Count == TargetWidth
            ? value
            : throw new ArgumentException($"Expected {TargetWidth} target names (one per target column), got {value.Count}.", nameof(value));
    }

    /// <summary>
    /// The samples' loss weights, one per sample, or empty when every sample counts once (see
    /// <see cref="WithSampleWeights"/>). <see cref="Training.Trainer{T}"/> minimizes the weighted mean of the loss.
    /// </summary>
    public ReadOnlySpan<T> SampleWeights => sampleWeights;

    /// <summary>All inputs [count x inputWidth], row-major.</summary>
    public ReadOnlySpan<T> Inputs => inputs;

    /// <summary>The inputs for an in-place transformation that keeps them finite (<see cref="Normalization.Apply{T}(Dataset{T})"/>).</summary>
    internal Span<T> WritableInputs => inputs;

    /// <summary>All targets [count x targetWidth], row-major.</summary>
    public ReadOnlySpan<T> Targets => targets;

    /// <summary>Sample <paramref name="index"/>'s input row.</summary>
    public ReadOnlySpan<T> Input(int index) => inputs.AsSpan(checked(index * InputWidth), InputWidth);

    /// <summary>Sample <paramref name="index"/>'s target row.</summary>
    public ReadOnlySpan<T> Target(int index) => targets.AsSpan(checked(index * TargetWidth), TargetWidth);

    /// <summary>
    /// The same samples (the arrays are shared, not copied) with a loss weight per sample: training then minimizes the
    /// weighted mean sum_s w_s L_s / sum_s w_s of each batch (see
    /// <see cref="Training.Backpropagation{T}.ComputeGradients(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, int)"/>).
    /// Class weights become sample weights through <see cref="ClassWeights.ToSampleWeights{T}"/>.
    /// </summary>
    /// <param name="weights">One positive, finite weight per sample (the array is used, not copied).</param>
    /// <exception cref="ArgumentException">Not one weight per sample, or a weight that is not positive and finite (named by sample).</exception>
    public Dataset<T> WithSampleWeights(T[] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length != Count)
        {
            throw new ArgumentException($"Expected {Count} sample weights (one per sample), got {weights.Length}.", nameof(weights));
        }

        Data.SampleWeights.RequirePositive<T>(weights, nameof(weights));
        return new Dataset<T>(inputs, targets, InputWidth, TargetWidth, ClassNames) { TargetNames = TargetNames, sampleWeights = weights };
    }

    /// <summary>A classification set: integer labels in [0, classCount) become one-hot target rows.</summary>
    /// <exception cref="ArgumentException">A label out of range (named by sample), or the input problems the constructor rejects.</exception>
    public static Dataset<T> FromLabels(T[] inputs, int inputWidth, ReadOnlySpan<int> labels, int classCount, IReadOnlyList<string>? classNames = null) =>
        FromLabels(inputs, inputWidth, labels, classCount, classNames, FiniteCheck.Inputs);

    /// <summary>
    /// <see cref="FromLabels(T[], int, ReadOnlySpan{int}, int, IReadOnlyList{string}?)"/> for inputs that are finite by
    /// construction or checked as they were read (a loader's scaled bytes or parsed numbers), which are not checked again.
    /// </summary>
    internal static Dataset<T> FromLabelsOfFiniteInputs(T[] inputs, int inputWidth, ReadOnlySpan<int> labels, int classCount, IReadOnlyList<string>? classNames) =>
        FromLabels(inputs, inputWidth, labels, classCount, classNames, FiniteCheck.None);

    private static Dataset<T> FromLabels(T[] inputs, int inputWidth, ReadOnlySpan<int> labels, int classCount, IReadOnlyList<string>? classNames, FiniteCheck check)
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

        return new Dataset<T>(inputs, targets, inputWidth, classCount, classNames, check);
    }

    /// <summary>
    /// Splits the samples into a training and a test part with each class in about the same proportion in both: per
    /// class, its samples are shuffled (one <see cref="DeterministicRandom"/> for <paramref name="seed"/>, classes in
    /// index order) and the first round(<paramref name="testFraction"/> x class size) go to the test part, at least one
    /// and at most all but one when the class has two or more samples. Both parts keep the original sample order, the
    /// class names, the target names and the sample weights.
    /// </summary>
    /// <remarks>
    /// A sample's class is the argmax of its target row (the first on ties), or for a single target column whether the
    /// value is at least 0.5. Rounding is half away from zero.
    /// </remarks>
    /// <param name="testFraction">The share of each class that goes to the test part, in (0, 1).</param>
    /// <param name="seed">The shuffle's seed: the same seed gives the same split.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
    /// <exception cref="ArgumentException">One of the parts would be empty (too few samples for the fraction).</exception>
    public (Dataset<T> Train, Dataset<T> Test) StratifiedSplit(double testFraction, ulong seed)
    {
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, $"Expected a fraction in (0, 1), got {testFraction}.");
        }

        int classCount = TargetWidth == 1 ? 2 : TargetWidth;
        var members = new List<int>[classCount];
        for (int c = 0; c < classCount; c++)
        {
            members[c] = [];
        }

        for (int i = 0; i < Count; i++)
        {
            members[ClassOf(Target(i))].Add(i);
        }

        var random = new DeterministicRandom(seed);
        var inTest = new bool[Count];
        int testCount = 0;
        foreach (List<int> indices in members)
        {
            Span<int> shuffled = [.. indices];
            random.Shuffle(shuffled);
            int take = (int)Math.Round(testFraction * shuffled.Length, MidpointRounding.AwayFromZero);
            if (shuffled.Length >= 2)
            {
                take = Math.Clamp(take, 1, shuffled.Length - 1);
            }

            foreach (int i in shuffled[..take])
            {
                inTest[i] = true;
            }

            testCount += take;
        }

        if (testCount == 0 || testCount == Count)
        {
            throw new ArgumentException(
                $"Expected both parts to get samples, got {Count - testCount} training and {testCount} test samples from {Count}.", nameof(testFraction));
        }

        return (Select(inTest, false, Count - testCount), Select(inTest, true, testCount));
    }

    /// <summary>
    /// Splits the samples into a training and a test part without regard to their targets (for regression): the sample
    /// indices are shuffled (one <see cref="DeterministicRandom"/> for <paramref name="seed"/>) and the first
    /// round(<paramref name="testFraction"/> x count) go to the test part, at least one and at most all but one. Both parts
    /// keep the original sample order, the class names and the target names.
    /// </summary>
    /// <param name="testFraction">The share of the samples that goes to the test part, in (0, 1).</param>
    /// <param name="seed">The shuffle's seed: the same seed gives the same split.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
    /// <exception cref="ArgumentException">There are fewer than two samples, so one of the parts would be empty.</exception>
    public (Dataset<T> Train, Dataset<T> Test) Split(double testFraction, ulong seed)
    {
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, $"Expected a fraction in (0, 1), got {testFraction}.");
        }

        if (Count < 2)
        {
            throw new ArgumentException($"Expected at least 2 samples to split into two parts, got {Count}.", nameof(testFraction));
        }

        Span<int> shuffled = [.. Enumerable.Range(0, Count)];
        new DeterministicRandom(seed).Shuffle(shuffled);
        int take = Math.Clamp((int)Math.Round(testFraction * Count, MidpointRounding.AwayFromZero), 1, Count - 1);
        var inTest = new bool[Count];
        foreach (int i in shuffled[..take])
        {
            inTest[i] = true;
        }

        return (Select(inTest, false, Count - take), Select(inTest, true, take));
    }

    internal static int ClassOf(ReadOnlySpan<T> target)
    {
        if (target.Length == 1)
        {
            return target[0] >= T.CreateTruncating(0.5) ? 1 : 0;
        }

        int best = 0;
        for (int j = 1; j < target.Length; j++)
        {
            if (target[j] > target[best])
            {
                best = j;
            }
        }

        return best;
    }

    // The samples whose flag equals `wanted`, in order, as a new set of `count` samples.
    internal Dataset<T> Select(bool[] flags, bool wanted, int count)
    {
        var selectedInputs = new T[count * InputWidth];
        var selectedTargets = new T[count * TargetWidth];
        var selectedWeights = new T[sampleWeights.Length == 0 ? 0 : count];
        int row = 0;
        for (int i = 0; i < Count; i++)
        {
            if (flags[i] == wanted)
            {
                Input(i).CopyTo(selectedInputs.AsSpan(row * InputWidth));
                Target(i).CopyTo(selectedTargets.AsSpan(row * TargetWidth));
                if (selectedWeights.Length > 0)
                {
                    selectedWeights[row] = sampleWeights[i];
                }

                row++;
            }
        }

        return new Dataset<T>(selectedInputs, selectedTargets, InputWidth, TargetWidth, ClassNames) { TargetNames = TargetNames, sampleWeights = selectedWeights };
    }

    private static void RequireWidth(int width, string paramName)
    {
        if (width < 1)
        {
            throw WidthTooSmall(width, paramName);
        }
    }

    private static void RequireRows(int length, int width, string paramName)
    {
        if (length % width != 0)
        {
            throw NotWholeRows(length, width, paramName);
        }
    }

    // The messages are built apart from the checks, so that creating a valid set compiles none of them (every method of
    // a generic type is compiled anew for each element type, in a program's first load).
    private static ArgumentOutOfRangeException WidthTooSmall(int width, string paramName) =>
        new(paramName, width, $"Expected a width of at least 1, got {width}.");

    private static ArgumentException NotWholeRows(int length, int width, string paramName) =>
        new($"Expected whole rows of {width} values, got {length} values.", paramName);

    private static ArgumentException TargetRowsDiffer(int count, int targetRows) =>
        new($"Expected {count} target rows (one per input row), got {targetRows}.", "targets");

    private static ArgumentException ClassNamesDiffer(int targetWidth, int names) =>
        new($"Expected {targetWidth} class names (one per target column), got {names}.", "classNames");

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

    /// <summary>Which of a new set's arrays the constructor checks for NaN and infinity.</summary>
    private enum FiniteCheck
    {
        None,
        Inputs,
        InputsAndTargets,
    }
}
