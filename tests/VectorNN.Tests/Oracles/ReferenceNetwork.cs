using MathNet.Numerics.LinearAlgebra;

namespace VectorNN.Tests.Oracles;

/// <summary>
/// An independent reference model of a multi-layer perceptron, written with MathNet.Numerics matrices in double and
/// nothing from VectorNN: the oracle for the network's forward pass and, through <see cref="FiniteDifference"/>, for
/// its back-propagated gradients.
/// </summary>
/// <remarks>
/// <para>Layer i maps a_(i) [batch x in] to a_(i+1) = f_i(a_(i) W_i^T + 1 b_i^T) [batch x out], with W_i [out x in]
/// and b_i [out]: PyTorch's <c>Linear</c> (y = W x + b per sample) and its storage layout. Rows are samples.</para>
/// <para>Flat parameter order (the one the library uses): for each layer in order, its weight row-major, then its
/// bias; that is <c>layers.0.weight</c>, <c>layers.0.bias</c>, <c>layers.1.weight</c>, ... Weight W_i[r, c] sits at
/// offset_i + r * in + c and bias b_i[r] at offset_i + out * in + r.</para>
/// <para>The model is meant for finite values. MathNet's products skip zero factors, so inf * 0 gives 0 rather than
/// NaN in <c>a W^T</c>; it is not an oracle for the propagation of NaN and infinities.</para>
/// </remarks>
public sealed class ReferenceNetwork
{
    /// <summary>The slope of <see cref="ReferenceActivation.LeakyRelu"/> for negative inputs (PyTorch's default).</summary>
    public const double LeakyReluSlope = 0.01;

    private readonly int[] widths;
    private readonly ReferenceActivation[] activations;
    private readonly Matrix<double>[] weights;
    private readonly Vector<double>[] biases;

    /// <summary>A network with all parameters zero.</summary>
    /// <param name="widths">Input width, hidden widths, output width, e.g. [4, 5, 3]; at least two, each at least 1.</param>
    /// <param name="activations">One activation per dense layer (one fewer than <paramref name="widths"/>).</param>
    public ReferenceNetwork(IReadOnlyList<int> widths, IReadOnlyList<ReferenceActivation> activations)
    {
        ArgumentNullException.ThrowIfNull(widths);
        ArgumentNullException.ThrowIfNull(activations);
        if (widths.Count < 2)
        {
            throw new ArgumentException($"Expected at least 2 widths (inputs and outputs), got {widths.Count}.", nameof(widths));
        }

        if (activations.Count != widths.Count - 1)
        {
            throw new ArgumentException(
                $"Expected {widths.Count - 1} activations (one per layer), got {activations.Count}.", nameof(activations));
        }

        for (int i = 0; i < widths.Count; i++)
        {
            if (widths[i] < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(widths), widths[i], $"Width {i} must be at least 1.");
            }
        }

        this.widths = widths.ToArray();
        this.activations = activations.ToArray();
        weights = new Matrix<double>[LayerCount];
        biases = new Vector<double>[LayerCount];
        for (int i = 0; i < LayerCount; i++)
        {
            weights[i] = Matrix<double>.Build.Dense(this.widths[i + 1], this.widths[i]);
            biases[i] = Vector<double>.Build.Dense(this.widths[i + 1]);
            ParameterCount += this.widths[i + 1] * (this.widths[i] + 1);
        }
    }

    /// <summary>The number of dense layers.</summary>
    public int LayerCount => widths.Length - 1;

    /// <summary>The layer widths, inputs first.</summary>
    public IReadOnlyList<int> Widths => widths;

    /// <summary>The activation of each layer.</summary>
    public IReadOnlyList<ReferenceActivation> Activations => activations;

    /// <summary>The weight of each layer, [out x in]; the matrices are live (writing to them changes the network).</summary>
    public IReadOnlyList<Matrix<double>> Weights => weights;

    /// <summary>The bias of each layer, [out]; the vectors are live.</summary>
    public IReadOnlyList<Vector<double>> Biases => biases;

    /// <summary>The number of weights and biases: sum over layers of out * (in + 1).</summary>
    public int ParameterCount { get; }

    /// <summary>The offset of layer <paramref name="layer"/>'s weight in the flat order; its bias follows at + out * in.</summary>
    public int ParameterOffset(int layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, LayerCount);
        int offset = 0;
        for (int i = 0; i < layer; i++)
        {
            offset += widths[i + 1] * (widths[i] + 1);
        }

        return offset;
    }

    /// <summary>All parameters in the flat order (see the remarks on the type).</summary>
    public double[] GetParameters()
    {
        var result = new double[ParameterCount];
        int p = 0;
        for (int i = 0; i < LayerCount; i++)
        {
            for (int r = 0; r < weights[i].RowCount; r++)
            {
                for (int c = 0; c < weights[i].ColumnCount; c++)
                {
                    result[p++] = weights[i][r, c];
                }
            }

            for (int r = 0; r < biases[i].Count; r++)
            {
                result[p++] = biases[i][r];
            }
        }

        return result;
    }

    /// <summary>Sets all parameters from the flat order; <paramref name="parameters"/> has exactly <see cref="ParameterCount"/> values.</summary>
    public void SetParameters(ReadOnlySpan<double> parameters)
    {
        if (parameters.Length != ParameterCount)
        {
            throw new ArgumentException(
                $"Expected {ParameterCount} parameters, got {parameters.Length}.", nameof(parameters));
        }

        int p = 0;
        for (int i = 0; i < LayerCount; i++)
        {
            for (int r = 0; r < weights[i].RowCount; r++)
            {
                for (int c = 0; c < weights[i].ColumnCount; c++)
                {
                    weights[i][r, c] = parameters[p++];
                }
            }

            for (int r = 0; r < biases[i].Count; r++)
            {
                biases[i][r] = parameters[p++];
            }
        }
    }

    /// <summary>The network's outputs for <paramref name="inputs"/> [batch x inputs]: [batch x outputs].</summary>
    public Matrix<double> Forward(Matrix<double> inputs)
    {
        Matrix<double> logits = Propagate(inputs);
        return Activate(logits, activations[^1]);
    }

    /// <summary>
    /// The output layer's pre-activations z = a W^T + b (the logits) for <paramref name="inputs"/> [batch x inputs]:
    /// [batch x outputs].
    /// </summary>
    public Matrix<double> OutputPreActivations(Matrix<double> inputs) => Propagate(inputs);

    /// <summary>
    /// The mean over the samples (rows) of the per-sample <paramref name="loss"/> between the network's outputs for
    /// <paramref name="inputs"/> [batch x inputs] and <paramref name="targets"/> [batch x outputs].
    /// </summary>
    public double Loss(Matrix<double> inputs, Matrix<double> targets, ReferenceLoss loss) => Loss(inputs, targets, loss, null, null);

    /// <summary>
    /// The loss with per-sample weights (the weighted mean sum_n w_n L_n / sum_n w_n; null for the plain mean) and with
    /// dropout masks (one [batch x units] matrix per hidden layer, multiplied element-wise into that layer's activated
    /// output before the next layer reads it; null, or a null entry, for none).
    /// </summary>
    public double Loss(
        Matrix<double> inputs, Matrix<double> targets, ReferenceLoss loss, IReadOnlyList<double>? sampleWeights, IReadOnlyList<Matrix<double>?>? masks)
    {
        ArgumentNullException.ThrowIfNull(targets);
        Matrix<double> z = Propagate(inputs, null, masks);
        if (targets.RowCount != z.RowCount || targets.ColumnCount != z.ColumnCount)
        {
            throw new ArgumentException(
                $"Expected targets [{z.RowCount} x {z.ColumnCount}], got [{targets.RowCount} x {targets.ColumnCount}].",
                nameof(targets));
        }

        ReferenceActivation output = activations[^1];
        if (loss == ReferenceLoss.CrossEntropy && output != ReferenceActivation.Softmax)
        {
            throw new ArgumentException($"Cross-entropy needs a softmax output layer, not {output}.", nameof(loss));
        }

        if (loss == ReferenceLoss.BinaryCrossEntropy && output != ReferenceActivation.Logistic)
        {
            throw new ArgumentException($"Binary cross-entropy needs a logistic output layer, not {output}.", nameof(loss));
        }

        Matrix<double> o = Activate(z, output);
        int k = z.ColumnCount;
        double total = 0;
        double weightSum = 0;
        for (int n = 0; n < z.RowCount; n++)
        {
            double sample = 0;
            switch (loss)
            {
                case ReferenceLoss.HalfSumSquaredError:
                    for (int j = 0; j < k; j++)
                    {
                        double e = targets[n, j] - o[n, j];
                        sample += e * e;
                    }

                    sample *= 0.5;
                    break;
                case ReferenceLoss.MeanSquaredError:
                    for (int j = 0; j < k; j++)
                    {
                        double e = targets[n, j] - o[n, j];
                        sample += e * e;
                    }

                    sample /= k;
                    break;
                case ReferenceLoss.CrossEntropy:
                    double lse = LogSumExp(z.Row(n));
                    for (int j = 0; j < k; j++)
                    {
                        // -t log o_j = -t (z_j - lse); a zero target contributes 0 even where o_j underflows to 0.
                        sample += targets[n, j] * (lse - z[n, j]);
                    }

                    break;
                case ReferenceLoss.BinaryCrossEntropy:
                    for (int j = 0; j < k; j++)
                    {
                        double x = z[n, j];
                        sample += Math.Max(x, 0) - x * targets[n, j] + Log1P(Math.Exp(-Math.Abs(x)));
                    }

                    sample /= k;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown loss.");
            }

            double w = sampleWeights?[n] ?? 1;
            total += w * sample;
            weightSum += w;
        }

        return total / weightSum;
    }

    /// <summary>Applies <paramref name="activation"/> to every element (row-wise for softmax) of a copy of <paramref name="z"/>.</summary>
    public static Matrix<double> Activate(Matrix<double> z, ReferenceActivation activation)
    {
        ArgumentNullException.ThrowIfNull(z);
        switch (activation)
        {
            case ReferenceActivation.Identity:
                return z.Clone();
            case ReferenceActivation.Logistic:
                return z.Map(Logistic);
            case ReferenceActivation.Tanh:
                return z.Map(Math.Tanh);
            case ReferenceActivation.Relu:
                return z.Map(x => x > 0 ? x : 0.0);
            case ReferenceActivation.LeakyRelu:
                return z.Map(x => x > 0 ? x : LeakyReluSlope * x);
            case ReferenceActivation.Softmax:
                var result = Matrix<double>.Build.Dense(z.RowCount, z.ColumnCount);
                for (int n = 0; n < z.RowCount; n++)
                {
                    Vector<double> row = z.Row(n);
                    double max = row.Maximum();
                    Vector<double> e = row.Map(x => Math.Exp(x - max));
                    result.SetRow(n, e / e.Sum());
                }

                return result;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }

    /// <summary>Every layer's pre-activations z = a W^T + b for <paramref name="inputs"/>, first layer first.</summary>
    public IReadOnlyList<Matrix<double>> PreActivations(Matrix<double> inputs) => PreActivations(inputs, null);

    /// <summary>As <see cref="PreActivations(Matrix{double})"/>, with dropout masks as <see cref="Loss(Matrix{double}, Matrix{double}, ReferenceLoss, IReadOnlyList{double}?, IReadOnlyList{Matrix{double}?}?)"/> takes them.</summary>
    public IReadOnlyList<Matrix<double>> PreActivations(Matrix<double> inputs, IReadOnlyList<Matrix<double>?>? masks)
    {
        var all = new List<Matrix<double>>();
        Propagate(inputs, all, masks);
        return all;
    }

    private Matrix<double> Propagate(
        Matrix<double> inputs, List<Matrix<double>>? preActivations = null, IReadOnlyList<Matrix<double>?>? masks = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.ColumnCount != widths[0])
        {
            throw new ArgumentException(
                $"Expected {widths[0]} input columns, got {inputs.ColumnCount}.", nameof(inputs));
        }

        Matrix<double> a = inputs;
        for (int i = 0; ; i++)
        {
            // a: [batch, in]  W: [out, in]  z: [batch, out]
            Matrix<double> z = a * weights[i].Transpose();
            for (int n = 0; n < z.RowCount; n++)
            {
                for (int j = 0; j < z.ColumnCount; j++)
                {
                    z[n, j] += biases[i][j];
                }
            }

            preActivations?.Add(z);

            if (i == LayerCount - 1)
            {
                return z;
            }

            a = Activate(z, activations[i]);
            if (masks?[i] is { } mask)
            {
                a = a.PointwiseMultiply(mask);
            }
        }
    }

    /// <summary>1 / (1 + e^-x) without overflow: e^x / (1 + e^x) for negative x.</summary>
    private static double Logistic(double x)
    {
        if (x >= 0)
        {
            return 1 / (1 + Math.Exp(-x));
        }

        double e = Math.Exp(x);
        return e / (1 + e);
    }

    /// <summary>log sum_j e^(z_j) = m + log sum_j e^(z_j - m) with m the maximum.</summary>
    private static double LogSumExp(Vector<double> z)
    {
        double max = z.Maximum();
        double sum = 0;
        for (int j = 0; j < z.Count; j++)
        {
            sum += Math.Exp(z[j] - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>
    /// log(1 + x) accurate for small x (Goldberg, "What every computer scientist should know about floating-point
    /// arithmetic", theorem 4): .NET's <c>double.LogP1</c> is computed as log(x + 1) and loses x below eps.
    /// </summary>
    private static double Log1P(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }
}
