namespace VectorNN.Training;

/// <summary>How well a network does on a data set (see <see cref="Evaluator.Evaluate"/>).</summary>
/// <remarks>
/// Per class c, from the confusion matrix: precision = TP / (TP + FP), recall = TP / (TP + FN) and
/// F1 = 2 TP / (2 TP + FP + FN), where TP counts class-c samples predicted as c, FP other samples predicted as c and
/// FN class-c samples predicted as another class. A ratio whose denominator is 0 (a class never predicted, or without
/// samples) is 0, as scikit-learn's <c>zero_division=0</c>. The macro averages are the unweighted means over all classes,
/// so a rare class counts as much as a common one.
/// </remarks>
/// <param name="Loss">The mean over the samples of the per-sample loss.</param>
/// <param name="Accuracy">The fraction of samples whose predicted class is their target class.</param>
/// <param name="ConfusionMatrix">
/// ConfusionMatrix[actual][predicted] counts the samples of each target class by the class predicted for them.
/// </param>
/// <param name="Count">Number of samples.</param>
public sealed record Evaluation(double Loss, double Accuracy, int[][] ConfusionMatrix, int Count)
{
    /// <summary>Each class's precision, TP / (TP + FP); 0 for a class never predicted.</summary>
    public IReadOnlyList<double> Precision { get; } = PerClass(ConfusionMatrix, (tp, fp, fn) => Ratio(tp, tp + fp));

    /// <summary>Each class's recall, TP / (TP + FN); 0 for a class without samples.</summary>
    public IReadOnlyList<double> Recall { get; } = PerClass(ConfusionMatrix, (tp, fp, fn) => Ratio(tp, tp + fn));

    /// <summary>Each class's F1 score, 2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall; 0 when both are.</summary>
    public IReadOnlyList<double> F1 { get; } = PerClass(ConfusionMatrix, (tp, fp, fn) => Ratio(2 * tp, (2 * tp) + fp + fn));

    /// <summary>The mean of <see cref="Precision"/> over the classes.</summary>
    public double MacroPrecision => Precision.Average();

    /// <summary>The mean of <see cref="Recall"/> over the classes.</summary>
    public double MacroRecall => Recall.Average();

    /// <summary>The mean of <see cref="F1"/> over the classes.</summary>
    public double MacroF1 => F1.Average();

    private static double[] PerClass(int[][] confusion, Func<long, long, long, double> metric)
    {
        ArgumentNullException.ThrowIfNull(confusion);
        var values = new double[confusion.Length];
        for (int c = 0; c < confusion.Length; c++)
        {
            long tp = confusion[c][c];
            long fn = 0;
            long fp = 0;
            for (int k = 0; k < confusion.Length; k++)
            {
                if (k != c)
                {
                    fn += confusion[c][k];
                    fp += confusion[k][c];
                }
            }

            values[c] = metric(tp, fp, fn);
        }

        return values;
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
