namespace VectorNN.Layers;

/// <summary>
/// Floating-point operations per sample of a dense network, counted as 2 per multiply-add of the matrix products
/// (the convention of GEMM benchmarks and of <see cref="Kernels.FmaThroughput"/>). Bias additions, activations, the
/// loss and the optimizer's update are not counted: for the widths where throughput matters they are a few percent at
/// most, and they depend on the activation and optimizer rather than on the shape.
/// </summary>
public static class FlopCount
{
    /// <summary>
    /// Operations of one inference of one sample: sum over layers of 2 x inputs x outputs. For 784-256-128-10, 469,504.
    /// </summary>
    /// <param name="widths">The input width, then each layer's width (at least two entries, each at least 1).</param>
    /// <exception cref="ArgumentException">Fewer than two widths, or a width below 1.</exception>
    public static long Inference(ReadOnlySpan<int> widths)
    {
        Require(widths);
        long total = 0;
        for (int i = 1; i < widths.Length; i++)
        {
            total += 2L * widths[i - 1] * widths[i];
        }

        return total;
    }

    /// <summary>
    /// Operations of one training step per sample: the forward pass (<see cref="Inference"/>), the weight gradients
    /// dW += dZ^T X (as many again), and the gradient dX = dZ W passed back into every layer but the first (the
    /// network's input needs none). For 784-256-128-10, 1,007,104.
    /// </summary>
    /// <param name="widths">The input width, then each layer's width (at least two entries, each at least 1).</param>
    /// <exception cref="ArgumentException">Fewer than two widths, or a width below 1.</exception>
    public static long TrainingStep(ReadOnlySpan<int> widths)
    {
        long forward = Inference(widths);
        return (2 * forward) + forward - (2L * widths[0] * widths[1]);
    }

    private static void Require(ReadOnlySpan<int> widths)
    {
        if (widths.Length < 2)
        {
            throw new ArgumentException($"Expected at least an input and an output width, got {widths.Length} widths.", nameof(widths));
        }

        foreach (int w in widths)
        {
            if (w < 1)
            {
                throw new ArgumentException($"Expected widths of at least 1, got {w}.", nameof(widths));
            }
        }
    }
}
