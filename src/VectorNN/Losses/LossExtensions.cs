using VectorNN.Layers;

namespace VectorNN.Losses;

/// <summary>Which output layers a <see cref="Loss"/> can be used with.</summary>
public static class LossExtensions
{
    /// <summary>
    /// Whether <paramref name="loss"/> fits an output layer of <paramref name="output"/> activation: cross-entropy
    /// needs softmax, binary cross-entropy needs logistic, the squared errors take any activation.
    /// </summary>
    public static bool Fits(this Loss loss, Activation output) => loss switch
    {
        Loss.HalfSumSquaredError or Loss.MeanSquaredError => Enum.IsDefined(output),
        Loss.CrossEntropy => output == Activation.Softmax,
        Loss.BinaryCrossEntropy => output == Activation.Logistic,
        _ => false,
    };
}
