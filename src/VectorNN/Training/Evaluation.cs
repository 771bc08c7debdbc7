namespace VectorNN.Training;

/// <summary>How well a network does on a data set (see <see cref="Evaluator.Evaluate"/>).</summary>
/// <param name="Loss">The mean over the samples of the per-sample loss.</param>
/// <param name="Accuracy">The fraction of samples whose predicted class is their target class.</param>
/// <param name="ConfusionMatrix">
/// ConfusionMatrix[actual][predicted] counts the samples of each target class by the class predicted for them.
/// </param>
/// <param name="Count">Number of samples.</param>
public sealed record Evaluation(double Loss, double Accuracy, int[][] ConfusionMatrix, int Count);
