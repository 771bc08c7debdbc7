using VectorNN.Layers;

namespace VectorNN.Tests.Oracles;

/// <summary>
/// A rigorous bound on |quantized output - float output| for every output of a network, derived from the float
/// network's weights and one input alone (nothing from the quantized network), layer by layer.
/// </summary>
/// <remarks>
/// <para>
/// Let x be a layer's input in the float network and x' in the quantized one, |x' - x| &lt;= e elementwise. The
/// quantized layer reads x' as x^ with |x^ - x'| &lt;= d = a / 2, where the activation scale a is the range
/// [min(0, min x'), max(0, max x')] over 255, so a &lt;= A = (max(0, max(x + e)) - min(0, min(x - e))) / 255. Row r's
/// weights are read as W^ with |W^ - W| &lt;= s_r / 2, s_r = max_k |W[r, k]| / 127. Then
/// W^ x^ - W x = (W^ - W) x^ + W (x^ - x') + W (x' - x), so the pre-activation error is at most
/// (s_r / 2) sum_k (|x_k| + e_k + d) + sum_k |W[r, k]| (d + e_k).
/// </para>
/// <para>
/// Rounding: the scales are floats (relative error 2^-24, so s_r / 2 and d grow by a factor 1.0001 at most, which also
/// covers the rounding of x / a inside the quantizer, 255 x 2^-23 of a step); the float network's sum has error at
/// most gamma_k sum |W| |x| (Higham), and the quantized epilogue's conversion, two products and bias add at most
/// 4 x 2^-24 of (sum |W^| |x^| + |b|). Both are covered by (k + 4) x 2^-23 times sum_k (|W[r, k]| + s_r)(|x_k| + e_k + d)
/// + |b_r|, twice the needed unit, since the float network's own products are rounded too.
/// </para>
/// <para>
/// Activations: identity, ReLU and leaky ReLU are 1-Lipschitz, tanh 1-Lipschitz, logistic 1/4; softmax moves each
/// probability by at most 1/2 the largest logit change (its Jacobian's rows sum in absolute value to
/// 2 p_i (1 - p_i) &lt;= 1/2). Each float activation kernel adds its own error, at most 1e-6 absolute here (exp,
/// tanh and logistic are within a few units in the last place of values at most 1, see ExpTanhAccuracyTests; leaky
/// ReLU rounds one product), so 2e-6 (both networks) is added after each activation.
/// </para>
/// </remarks>
internal static class QuantizationErrorBound
{
    private const double Unit = 1.0 / (1 << 23);

    /// <summary>Per-output bounds for one sample.</summary>
    public static double[] Of(Network<float> network, ReadOnlySpan<float> input)
    {
        float[] parameters = network.GetParameters();
        double[] x = [.. input.ToArray().Select(v => (double)v)];
        var e = new double[x.Length];
        for (int i = 0; i < network.Layers.Length; i++)
        {
            var layer = network.Parameters.Slices[i];
            Activation activation = network.Layers[i].Activation;
            double high = 0, low = 0;
            for (int k = 0; k < x.Length; k++)
            {
                high = Math.Max(high, x[k] + e[k]);
                low = Math.Min(low, x[k] - e[k]);
            }

            double d = 1.0001 * (high - low) / 255 / 2;
            var z = new double[layer.Outputs];
            var pre = new double[layer.Outputs];
            for (int r = 0; r < layer.Outputs; r++)
            {
                ReadOnlySpan<float> w = parameters.AsSpan(layer.WeightOffset + (r * layer.Inputs), layer.Inputs);
                double s = w.ToArray().Max(v => Math.Abs((double)v)) / 127;
                double b = parameters[layer.BiasOffset + r];
                double sum = b, weightError = 0, inputError = 0, magnitude = Math.Abs(b);
                for (int k = 0; k < x.Length; k++)
                {
                    sum += w[k] * x[k];
                    weightError += Math.Abs(x[k]) + e[k] + d;
                    inputError += Math.Abs(w[k]) * (d + e[k]);
                    magnitude += (Math.Abs(w[k]) + s) * (Math.Abs(x[k]) + e[k] + d);
                }

                z[r] = sum;
                pre[r] = (1.0001 * s / 2 * weightError) + inputError + ((x.Length + 4) * Unit * magnitude);
            }

            (x, e) = Activate(activation, z, pre);
        }

        return e;
    }

    private static (double[] Y, double[] Error) Activate(Activation activation, double[] z, double[] error)
    {
        const double KernelError = 2e-6;
        var y = new double[z.Length];
        var bound = new double[z.Length];
        double largest = error.Max();
        double max = z.Max();
        double total = z.Sum(v => Math.Exp(v - max));
        for (int i = 0; i < z.Length; i++)
        {
            (y[i], double lipschitz) = activation switch
            {
                Activation.Identity => (z[i], 1.0),
                Activation.Relu => (Math.Max(z[i], 0), 1.0),
                Activation.LeakyRelu => (z[i] >= 0 ? z[i] : ActivationLayer.LeakyReluSlope * z[i], 1.0),
                Activation.Tanh => (Math.Tanh(z[i]), 1.0),
                Activation.Logistic => (1 / (1 + Math.Exp(-z[i])), 0.25),
                Activation.Softmax => (Math.Exp(z[i] - max) / total, 0.5),
                _ => throw new ArgumentOutOfRangeException(nameof(activation)),
            };
            bound[i] = (lipschitz * (activation == Activation.Softmax ? largest : error[i])) + KernelError;
        }

        return (y, bound);
    }
}
