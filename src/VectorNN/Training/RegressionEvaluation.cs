using System.Numerics;

namespace VectorNN.Training;

/// <summary>A regression model's errors on a data set: per target column and over all of them.</summary>
/// <param name="Targets">The metrics of each target column, output by output.</param>
/// <param name="Overall">
/// The means of the per-target metrics (scikit-learn's <c>multioutput="uniform_average"</c>): MSE, MAE and R^2 averaged
/// over the targets, RMSE the square root of that MSE; R^2 null when any target's is. With one target, the target's own.
/// </param>
/// <param name="Count">Number of samples.</param>
public sealed record RegressionEvaluation(IReadOnlyList<RegressionMetrics> Targets, RegressionMetrics Overall, int Count)
{
    /// <summary>
    /// Compares row-major <paramref name="predictions"/> with <paramref name="targets"/>, both [count x
    /// <paramref name="outputs"/>] and in the targets' own units. Sums are taken in double, the target means first
    /// and the squared deviations from them in a second pass.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <exception cref="ArgumentException">
    /// The lengths differ, are not whole rows of <paramref name="outputs"/> values, or hold no row, or
    /// <paramref name="outputs"/> is below 1.
    /// </exception>
    public static RegressionEvaluation Compute<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, int outputs)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        if (predictions.Length != targets.Length || targets.IsEmpty || targets.Length % outputs != 0)
        {
            throw new ArgumentException(
                $"Expected predictions and targets of the same length, whole rows of {outputs} values and at least one row, got {predictions.Length} and {targets.Length} values.",
                nameof(predictions));
        }

        int count = targets.Length / outputs;
        var perTarget = new RegressionMetrics[outputs];
        for (int j = 0; j < outputs; j++)
        {
            double mean = 0;
            for (int i = 0; i < count; i++)
            {
                mean += double.CreateTruncating(targets[(i * outputs) + j]);
            }

            mean /= count;
            double squared = 0, absolute = 0, deviations = 0;
            for (int i = 0; i < count; i++)
            {
                double t = double.CreateTruncating(targets[(i * outputs) + j]);
                double e = double.CreateTruncating(predictions[(i * outputs) + j]) - t;
                squared += e * e;
                absolute += Math.Abs(e);
                deviations += (t - mean) * (t - mean);
            }

            double mse = squared / count;
            perTarget[j] = new RegressionMetrics(mse, Math.Sqrt(mse), absolute / count, deviations > 0 ? 1 - (squared / deviations) : null);
        }

        double overallMse = perTarget.Average(m => m.MeanSquaredError);
        double? overallR2 = perTarget.All(m => m.RSquared is not null) ? perTarget.Average(m => m.RSquared!.Value) : null;
        var overall = new RegressionMetrics(overallMse, Math.Sqrt(overallMse), perTarget.Average(m => m.MeanAbsoluteError), overallR2);
        return new RegressionEvaluation(perTarget, overall, count);
    }
}
