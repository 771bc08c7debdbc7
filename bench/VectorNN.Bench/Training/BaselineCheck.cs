using VectorNN.Memory;
using VectorNN.Training;

namespace VectorNN.Bench.Training;

/// <summary>
/// The sanity checks the network benchmarks run in their GlobalSetup, so a baseline that computes something other than
/// VectorNN's step (a wrong gradient, a missing bias, another loss) fails the run instead of producing a flattering
/// figure.
/// </summary>
internal static class BaselineCheck
{
    /// <summary>Relative tolerance on a loss.</summary>
    public const double LossTolerance = 1e-3;

    /// <summary>Tolerance on a parameter group's change, relative to the largest change of the reference in the group.</summary>
    public const double UpdateTolerance = 1e-2;

    /// <summary>
    /// Runs two steps of <paramref name="referenceStep"/> (a step of VectorNN's trainer <paramref name="reference"/>) and
    /// of <paramref name="candidateStep"/>, both starting from <paramref name="initial"/>, and throws unless each step's
    /// loss agrees within <see cref="LossTolerance"/> and, for every layer's weights and every layer's biases
    /// separately, the parameter change over the two steps agrees within <see cref="UpdateTolerance"/> of that group's
    /// largest change: the losses check the forward pass, the changes each layer's gradients and the update.
    /// </summary>
    public static void RequireSameSteps(
        string name, float[] initial, Trainer<float> reference, Func<double> referenceStep,
        Func<double> candidateStep, Func<float[]> candidateWeights)
    {
        for (int step = 1; step <= 2; step++)
        {
            double expected = referenceStep();
            double actual = candidateStep();
            RequireClose($"{name}: the loss of step {step}", expected, actual, LossTolerance);
        }

        float[] expectedWeights = reference.Network.GetParameters();
        float[] actualWeights = candidateWeights();
        if (expectedWeights.Length != initial.Length || actualWeights.Length != initial.Length)
        {
            throw new InvalidOperationException(
                $"{name}: expected {initial.Length} parameters, got {expectedWeights.Length} (VectorNN) and {actualWeights.Length}.");
        }

        ReadOnlySpan<LayerSlice> layers = reference.Network.Parameters.Slices;
        for (int i = 0; i < layers.Length; i++)
        {
            LayerSlice layer = layers[i];
            RequireSameChange($"{name}: layer {i} weights", initial, expectedWeights, actualWeights, layer.WeightOffset, layer.WeightCount);
            RequireSameChange($"{name}: layer {i} biases", initial, expectedWeights, actualWeights, layer.BiasOffset, layer.Outputs);
        }
    }

    /// <summary>Throws unless every output agrees within <see cref="LossTolerance"/> of the largest expected magnitude.</summary>
    public static void RequireSameOutputs(string name, ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        if (expected.Length != actual.Length)
        {
            throw new InvalidOperationException($"{name}: expected {expected.Length} outputs, got {actual.Length}.");
        }

        double scale = 0;
        foreach (float v in expected)
        {
            scale = Math.Max(scale, Math.Abs(v));
        }

        for (int i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs((double)actual[i] - expected[i]) <= LossTolerance * scale))
            {
                throw new InvalidOperationException($"{name}: output {i} is {actual[i]}, VectorNN's is {expected[i]}.");
            }
        }
    }

    /// <summary>Throws unless <paramref name="actual"/> is within <paramref name="tolerance"/> of <paramref name="expected"/>, relatively.</summary>
    public static void RequireClose(string what, double expected, double actual, double tolerance)
    {
        if (!(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected)))
        {
            throw new InvalidOperationException($"{what} is {actual}, VectorNN's is {expected} (relative tolerance {tolerance}).");
        }
    }

    private static void RequireSameChange(string what, float[] initial, float[] expected, float[] actual, int offset, int count)
    {
        double largestChange = 0;
        double largestDifference = 0;
        int worst = offset;
        for (int i = offset; i < offset + count; i++)
        {
            double expectedChange = (double)expected[i] - initial[i];
            double actualChange = (double)actual[i] - initial[i];
            largestChange = Math.Max(largestChange, Math.Abs(expectedChange));
            double difference = Math.Abs(actualChange - expectedChange);
            if (!(difference <= largestDifference))
            {
                (largestDifference, worst) = (difference, i);
            }
        }

        if (!(largestChange > 0))
        {
            throw new InvalidOperationException($"{what}: VectorNN's steps did not change them; the check would prove nothing.");
        }

        if (!(largestDifference <= UpdateTolerance * largestChange))
        {
            throw new InvalidOperationException(
                $"{what}: after two steps parameter {worst} is {actual[worst]}, VectorNN's is {expected[worst]} " +
                $"(the change differs by {largestDifference:G3}, more than {UpdateTolerance} of the largest change {largestChange:G3}).");
        }
    }
}
