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
        return Run(network, loss, inputs, targets, batch, [.. Enumerable.Range(0, network.ParameterCount)]);
    }

    /// <summary>
    /// As <see cref="Run(Network{double}, Loss, ReadOnlySpan{double}, ReadOnlySpan{double}, int)"/>, for the
    /// parameters at <paramref name="parameters"/> only (arena indices): central differences cost two forward passes per
    /// parameter, so a large network is checked on a sample of its parameters.
    /// </summary>
    /// <param name="network">A double network; its parameters are restored after the check.</param>
    /// <param name="loss">The loss; it must fit the network's output.</param>
    /// <param name="inputs">The samples [batch x inputs].</param>
    /// <param name="targets">The targets [batch x outputs].</param>
    /// <param name="batch">Number of samples.</param>
    /// <param name="parameters">Arena indices in ascending order, at least one in every layer.</param>
    /// <exception cref="ArgumentException">
    /// Shapes do not match the network, the loss does not fit, or <paramref name="parameters"/> is not ascending, holds
    /// an index outside the arena, or leaves a layer out.
    /// </exception>
    public static IReadOnlyList<LayerGradientError> Run(
        Network<double> network, Loss loss, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int batch, ReadOnlySpan<int> parameters)
    {
        ArgumentNullException.ThrowIfNull(network);
        RequireEveryLayer(network, parameters);
        var pass = new Backpropagation<double>(network, loss, batch);
        double loss0 = pass.ComputeGradients(inputs, targets, batch);
        double[] analytic = pass.Gradients.Values.ToArray();
        Span<double> values = network.Parameters.Values;
        var numeric = new double[analytic.Length];
        foreach (int i in parameters)
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
        int next = 0;
        foreach (Memory.LayerSlice slice in network.Parameters.Slices)
        {
            int first = parameters[next];
            var worst = new LayerGradientError(layer, 0, first, analytic[first], numeric[first]);
            for (; next < parameters.Length && parameters[next] < slice.End; next++)
            {
                int i = parameters[next];
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

    /// <summary>
    /// For each layer, the units whose pre-activation z on <paramref name="input"/> lies within the central
    /// differences' reach of a kink of the activation (ReLU and leaky ReLU at z = 0): |z| &lt;= <see cref="Step"/> x
    /// max(1, max |x|), the most one step of one of the layer's own weights or biases moves z. There a difference
    /// straddles the kink and disagrees with the one-sided derivative back-propagation takes, by design: such errors
    /// are reported beside the kinks rather than hidden. Smooth activations have no kinks.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="input">One sample, <see cref="Network{T}.InputCount"/> values.</param>
    /// <returns>Per layer, the kinked units in ascending order (empty for none).</returns>
    /// <exception cref="ArgumentException"><paramref name="input"/> is not one sample long.</exception>
    public static IReadOnlyList<int[]> Kinks(Network<double> network, ReadOnlySpan<double> input)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (input.Length != network.InputCount)
        {
            throw new ArgumentException($"Expected one sample of {network.InputCount} inputs, got {input.Length} values.", nameof(input));
        }

        ReadOnlySpan<LayerSpec> specs = network.Layers;
        var kinks = new int[specs.Length][];
        double[] x = input.ToArray();
        for (int i = 0; i < specs.Length; i++)
        {
            Memory.LayerSlice layer = network.Parameters.Slices[i];
            var z = new double[layer.Outputs];
            Dense.Forward<double>(layer, network.Parameters.Values, x, 1, z);
            double reach = Step * Math.Max(1, x.Max(Math.Abs));
            bool kinked = specs[i].Activation is Activation.Relu or Activation.LeakyRelu;
            kinks[i] = kinked ? [.. Enumerable.Range(0, z.Length).Where(u => Math.Abs(z[u]) <= reach)] : [];
            ActivationLayer.Forward<double>(specs[i].Activation, z, 1, z.Length, z);
            x = z;
        }

        return kinks;
    }

    private static void RequireEveryLayer(Network<double> network, ReadOnlySpan<int> parameters)
    {
        for (int k = 0; k < parameters.Length; k++)
        {
            if (parameters[k] < 0 || parameters[k] >= network.ParameterCount || (k > 0 && parameters[k] <= parameters[k - 1]))
            {
                throw new ArgumentException(
                    $"Expected ascending parameter indices from 0 to {network.ParameterCount - 1}, got {parameters[k]} at position {k}.", nameof(parameters));
            }
        }

        int layer = 0;
        foreach (Memory.LayerSlice slice in network.Parameters.Slices)
        {
            int k = parameters.BinarySearch(slice.WeightOffset);
            k = k < 0 ? ~k : k;
            if (k == parameters.Length || parameters[k] >= slice.End)
            {
                throw new ArgumentException($"Expected at least one parameter of every layer, got none of layer {layer} ({slice.WeightOffset} to {slice.End - 1}).", nameof(parameters));
            }

            layer++;
        }
    }
}
