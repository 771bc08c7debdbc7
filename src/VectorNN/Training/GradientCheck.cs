using VectorNN.Layers;
using VectorNN.Losses;

namespace VectorNN.Training;

/// <summary>
/// Compares back-propagation with central finite differences of the network's own loss, in double: a check a user can
/// run on any architecture and loss (the library's tests compare with an independent reference model instead).
/// </summary>
public static class GradientCheck
{
    /// <summary>The step h of the central differences, near the optimum for values of order one (~eps^(1/3)).</summary>
    public const double Step = 1e-6;

    /// <summary>Double's machine epsilon, 2^-52.</summary>
    private const double UnitRoundoff = 2.220446049250313e-16;

    /// <summary>
    /// For each layer, the largest relative error between back-propagated (b) and numeric (n) gradients:
    /// max(0, |b - n| - r) / max(|b|, |n|, 1e-8), where r = 8 eps max(1, |L|) / h is the rounding error of the
    /// central difference itself (each loss evaluation is good to a few eps |L|; their difference is divided by 2h).
    /// Without r, a component near 1e-4 would show a relative error near 1e-6 from rounding alone, whatever the
    /// back-propagation did; with it, a reported error is one the differences can actually resolve.
    /// </summary>
    /// <param name="network">A double network; its parameters are restored after the check.</param>
    /// <param name="loss">The loss; it must fit the network's output.</param>
    /// <param name="inputs">The samples [batch x inputs].</param>
    /// <param name="targets">The targets [batch x outputs].</param>
    /// <param name="batch">Number of samples.</param>
    /// <exception cref="ArgumentException">Shapes do not match the network, or the loss does not fit.</exception>
    public static IReadOnlyList<LayerGradientError> Run(
        Network<double> network, Loss loss, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int batch)
    {
        ArgumentNullException.ThrowIfNull(network);
        var pass = new Backpropagation<double>(network, loss, batch);
        double loss0 = pass.ComputeGradients(inputs, targets, batch);
        double[] analytic = pass.Gradients.Values.ToArray();
        Span<double> values = network.Parameters.Values;
        var numeric = new double[analytic.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double original = values[i];
            double plus = original + Step, minus = original - Step;
            values[i] = plus;
            double up = pass.ComputeLoss(inputs, targets, batch);
            values[i] = minus;
            double down = pass.ComputeLoss(inputs, targets, batch);
            values[i] = original;

            // Divide by the distance actually stepped, which rounding of original +- h can change.
            numeric[i] = (up - down) / (plus - minus);
        }

        double rounding = 8 * UnitRoundoff * Math.Max(1, Math.Abs(loss0)) / Step;
        var errors = new List<LayerGradientError>();
        int layer = 0;
        foreach (Memory.LayerSlice slice in network.Parameters.Slices)
        {
            var worst = new LayerGradientError(layer, 0, slice.WeightOffset, analytic[slice.WeightOffset], numeric[slice.WeightOffset]);
            for (int i = slice.WeightOffset; i < slice.End; i++)
            {
                double error = Math.Max(0, Math.Abs(analytic[i] - numeric[i]) - rounding)
                    / Math.Max(Math.Max(Math.Abs(analytic[i]), Math.Abs(numeric[i])), 1e-8);
                if (!(error <= worst.MaxRelativeError))
                {
                    worst = new LayerGradientError(layer, error, i, analytic[i], numeric[i]);
                }
            }

            errors.Add(worst);
            layer++;
        }

        return errors;
    }
}
