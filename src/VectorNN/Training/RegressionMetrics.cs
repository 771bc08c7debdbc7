namespace VectorNN.Training;

/// <summary>How close a regression model's predictions are to one target column, or to all of them (see <see cref="RegressionEvaluation"/>).</summary>
/// <param name="MeanSquaredError">The mean of (prediction - target)^2.</param>
/// <param name="RootMeanSquaredError">The square root of <paramref name="MeanSquaredError"/>, in the target's units.</param>
/// <param name="MeanAbsoluteError">The mean of |prediction - target|.</param>
/// <param name="RSquared">
/// The coefficient of determination, 1 - (sum of squared errors) / (sum of squared deviations of the targets from
/// their mean): 1 for perfect predictions, 0 for predicting the mean, negative for worse. Null where it is undefined:
/// a target that is the same in every sample.
/// </param>
public sealed record RegressionMetrics(double MeanSquaredError, double RootMeanSquaredError, double MeanAbsoluteError, double? RSquared);
