using VectorNN.Data;
using VectorNN.Layers;

namespace VectorNN.Onnx.Tests.Oracles;

/// <summary>
/// How far two correct implementations of the same network, in a precision of unit roundoff u, may differ on one
/// sample: forward error analysis of each step (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed.),
/// carried from layer to layer.
/// </summary>
/// <remarks>
/// A dot product of n terms plus a bias, in any summation order and with or without fused multiply-adds, is within
/// gamma(n + 1) (|W| |x| + |b|) of the exact value, gamma(k) = k u / (1 - k u) (Higham, eq. 3.4); two implementations
/// are within twice that of each other. An error e in a layer's inputs moves its outputs by at most |W| e. Relu, leaky
/// relu and tanh have slope at most 1, the logistic at most 1/4, and softmax moves each output by at most twice the
/// largest input change; each activation's own evaluation adds a few ulps (the kernels' exp and tanh are within 4 ulps,
/// ONNX Runtime's likewise), bounded here by 16 u |y|. Normalization rounds twice in the graph (Sub, Div) and once in
/// VectorNN (computed in double, then rounded).
/// </remarks>
internal static class ForwardErrorBound
{
    /// <summary>
    /// The bound for each output of each sample. <paramref name="leakySlopeError"/> is how far the two implementations'
    /// leaky-relu slopes differ (an ONNX attribute is a float, so a double model's slope is 0.01f there).
    /// </summary>
    public static double[] Of(Network<double> network, Normalization? normalization, double[] rawInputs, int batch, double unit, double leakySlopeError)
    {
        int inputs = network.InputCount;
        double[] weights = network.GetParameters();
        var bounds = new List<double>();
        for (int s = 0; s < batch; s++)
        {
            double[] x = rawInputs.AsSpan(s * inputs, inputs).ToArray();
            var e = new double[inputs];
            if (normalization is { Method: not NormalizationMethod.None })
            {
                for (int j = 0; j < inputs; j++)
                {
                    x[j] = (x[j] - normalization.Offsets[j]) / normalization.Scales[j];
                    e[j] = 4 * unit * ((Math.Abs(x[j]) * 2) + (Math.Abs(normalization.Offsets[j] / normalization.Scales[j]) * 2));
                }
            }

            int offset = 0;
            foreach (LayerSpec layer in network.Layers)
            {
                int n = x.Length;
                var z = new double[layer.Units];
                var ez = new double[layer.Units];
                double gamma = (n + 1) * unit / (1 - ((n + 1) * unit));
                for (int i = 0; i < layer.Units; i++)
                {
                    double sum = weights[offset + (layer.Units * n) + i], magnitude = Math.Abs(sum), propagated = 0;
                    for (int j = 0; j < n; j++)
                    {
                        double w = weights[offset + (i * n) + j];
                        sum += w * x[j];
                        magnitude += Math.Abs(w * x[j]);
                        propagated += Math.Abs(w) * e[j];
                    }

                    z[i] = sum;
                    ez[i] = propagated + (2 * gamma * magnitude);
                }

                offset += (layer.Units * n) + layer.Units;
                (x, e) = Activate(layer.Activation, z, ez, unit, leakySlopeError);
            }

            bounds.AddRange(e);
        }

        return [.. bounds];
    }

    private static (double[] Y, double[] E) Activate(Activation activation, double[] z, double[] ez, double unit, double leakySlopeError)
    {
        var y = new double[z.Length];
        var e = new double[z.Length];
        double largest = ez.Max();
        double sum = z.Select(v => Math.Exp(v - z.Max())).Sum();
        for (int i = 0; i < z.Length; i++)
        {
            (y[i], double slope) = activation switch
            {
                Activation.Identity => (z[i], 1.0),
                Activation.Relu => (Math.Max(z[i], 0), 1.0),
                Activation.LeakyRelu => (z[i] >= 0 ? z[i] : 0.01 * z[i], 1.0),
                Activation.Tanh => (Math.Tanh(z[i]), 1.0),
                Activation.Logistic => (1 / (1 + Math.Exp(-z[i])), 0.25),
                Activation.Softmax => (Math.Exp(z[i] - z.Max()) / sum, 0.0),
                _ => throw new ArgumentOutOfRangeException(nameof(activation)),
            };
            e[i] = activation == Activation.Softmax
                ? (2 * largest) + (16 * unit * y[i])
                : (slope * ez[i]) + (16 * unit * Math.Abs(y[i]));
            if (activation == Activation.LeakyRelu && z[i] < 0)
            {
                e[i] += leakySlopeError * (Math.Abs(z[i]) + ez[i]);
            }
        }

        return (y, e);
    }
}
