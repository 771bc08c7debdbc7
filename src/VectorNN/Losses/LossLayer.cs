using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels;
using VectorNN.Layers;

namespace VectorNN.Losses;

/// <summary>
/// Value and gradient of each <see cref="Loss"/> over a batch. The sums run in double over the batch's outputs,
/// which are few per sample; the gradient is with respect to the output layer's pre-activation z, so the cross-entropy
/// losses skip the activation's derivative (fused) and the squared errors go through it.
/// </summary>
internal static class LossLayer
{
    /// <summary>Throws unless <see cref="LossExtensions.Fits"/>.</summary>
    /// <exception cref="ArgumentException">The loss is undefined or does not fit the output activation.</exception>
    public static void RequireFit(Loss loss, Activation output, string paramName)
    {
        if (!loss.Fits(output))
        {
            string expected = loss switch
            {
                Loss.CrossEntropy => "a Softmax output layer",
                Loss.BinaryCrossEntropy => "a Logistic output layer",
                _ => "a defined Loss",
            };
            throw new ArgumentException($"Loss {loss} expects {expected}, got a {output} output layer.", paramName);
        }
    }

    /// <summary>
    /// The mean over the batch of the per-sample loss; with <paramref name="weights"/>, the weighted mean
    /// sum_s w_s L_s / sum_s w_s.
    /// </summary>
    /// <param name="loss">The loss; must fit the output activation.</param>
    /// <param name="z">The output layer's pre-activations [batch x outputs].</param>
    /// <param name="o">The output layer's outputs [batch x outputs].</param>
    /// <param name="targets">The targets [batch x outputs].</param>
    /// <param name="batch">Number of samples, at least 1.</param>
    /// <param name="outputs">Outputs per sample.</param>
    /// <param name="weights">Empty (every sample counts once), or one positive weight per sample.</param>
    public static double Value<T>(
        Loss loss, ReadOnlySpan<T> z, ReadOnlySpan<T> o, ReadOnlySpan<T> targets, int batch, int outputs, ReadOnlySpan<T> weights = default)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        Sum(loss, z, o, targets, batch, outputs, weights) / WeightSum(weights, batch);

    /// <summary>
    /// The sum over the rows of the per-sample loss, sum_s L_s; with <paramref name="weights"/>, sum_s w_s L_s: the
    /// numerator of <see cref="Value"/>, which a pass over a batch in chunks adds up chunk by chunk.
    /// </summary>
    /// <param name="loss">The loss; must fit the output activation.</param>
    /// <param name="z">The output layer's pre-activations [rows x outputs].</param>
    /// <param name="o">The output layer's outputs [rows x outputs].</param>
    /// <param name="targets">The targets [rows x outputs].</param>
    /// <param name="rows">Number of samples.</param>
    /// <param name="outputs">Outputs per sample.</param>
    /// <param name="weights">Empty (every sample counts once), or one positive weight per sample.</param>
    public static double Sum<T>(
        Loss loss, ReadOnlySpan<T> z, ReadOnlySpan<T> o, ReadOnlySpan<T> targets, int rows, int outputs, ReadOnlySpan<T> weights)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // The unweighted sum in a loop of its own: a weight branch per sample measured about 3% of the Iris step.
        double total = 0;
        if (weights.IsEmpty)
        {
            for (int s = 0; s < rows; s++)
            {
                int row = s * outputs;
                total += Sample(loss, z.Slice(row, outputs), o.Slice(row, outputs), targets.Slice(row, outputs));
            }

            return total;
        }

        for (int s = 0; s < rows; s++)
        {
            int row = s * outputs;
            total += double.CreateTruncating(weights[s]) * Sample(loss, z.Slice(row, outputs), o.Slice(row, outputs), targets.Slice(row, outputs));
        }

        return total;
    }

    /// <summary>The sum of the batch's weights, or the batch size when there are none.</summary>
    /// <remarks>Inlined, so that the unweighted case, every step of the small networks' fused path, costs no call.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double WeightSum<T>(ReadOnlySpan<T> weights, int batch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        weights.IsEmpty ? batch : SumOfWeights(weights);

    private static double SumOfWeights<T>(ReadOnlySpan<T> weights)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double sum = 0;
        foreach (T w in weights)
        {
            sum += double.CreateTruncating(w);
        }

        return sum;
    }

    /// <summary>
    /// Writes dL/dz for <paramref name="rows"/> samples of a batch loss (the mean over the batch's samples, or with
    /// weights the weighted mean, so that sample s's share is w_s / sum w, as <paramref name="shares"/> holds) into
    /// <paramref name="dz"/>, going through the output activation's derivative where the loss is not fused with it. A
    /// chunk of the batch gets the gradient the whole batch would get for its rows.
    /// </summary>
    /// <param name="loss">The loss; must fit <paramref name="output"/>.</param>
    /// <param name="output">The output layer's activation.</param>
    /// <param name="o">The output layer's outputs [rows x outputs].</param>
    /// <param name="targets">The targets [rows x outputs].</param>
    /// <param name="rows">Number of samples.</param>
    /// <param name="outputs">Outputs per sample.</param>
    /// <param name="weights">Empty (every sample counts once), or the rows' positive weights.</param>
    /// <param name="shares">The whole batch's shares.</param>
    /// <param name="dz">Receives the gradient [rows x outputs].</param>
    public static void Gradient<T>(
        Loss loss, Activation output, ReadOnlySpan<T> o, ReadOnlySpan<T> targets, int rows, int outputs, ReadOnlySpan<T> weights, LossShares shares, Span<T> dz)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (OutputGradient(loss, o, targets, rows, outputs, weights, shares, dz))
        {
            // The softmax takes its full Jacobian here.
            ActivationLayer.Backward(output, o, dz, rows, outputs, dz);
        }
    }

    /// <summary>
    /// The first half of <see cref="Gradient"/> for a whole batch:
    /// writes dL/dz where the loss is fused with its activation (the cross-entropies) and returns false, or writes dL/do
    /// and returns true: the caller then takes it through the output activation's derivative.
    /// </summary>
    public static bool OutputGradient<T>(
        Loss loss, ReadOnlySpan<T> o, ReadOnlySpan<T> targets, int batch, int outputs, ReadOnlySpan<T> weights, Span<T> dz)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        OutputGradient(loss, o, targets, batch, outputs, weights, LossShares.Of(weights, batch), dz);

    private static bool OutputGradient<T>(
        Loss loss, ReadOnlySpan<T> o, ReadOnlySpan<T> targets, int rows, int outputs, ReadOnlySpan<T> weights, LossShares shares, Span<T> dz)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (loss)
        {
            case Loss.HalfSumSquaredError:
            case Loss.MeanSquaredError:
                // dL/do = c (o - t); the activation's derivative follows.
                double perOutput = loss == Loss.HalfSumSquaredError ? 1.0 : 2.0 / outputs;
                for (int s = 0; s < rows; s++)
                {
                    double c = perOutput * shares.Share(weights, s);
                    for (int i = s * outputs; i < (s + 1) * outputs; i++)
                    {
                        dz[i] = T.CreateTruncating(c * (double.CreateTruncating(o[i]) - double.CreateTruncating(targets[i])));
                    }
                }

                return true;
            case Loss.CrossEntropy:
                for (int s = 0; s < rows; s++)
                {
                    int row = s * outputs;
                    double share = shares.Share(weights, s);
                    double targetSum = 0;
                    for (int k = 0; k < outputs; k++)
                    {
                        targetSum += double.CreateTruncating(targets[row + k]);
                    }

                    for (int k = row; k < row + outputs; k++)
                    {
                        double g = (double.CreateTruncating(o[k]) * targetSum) - double.CreateTruncating(targets[k]);
                        dz[k] = T.CreateTruncating(g * share);
                    }
                }

                return false;
            case Loss.BinaryCrossEntropy:
                for (int s = 0; s < rows; s++)
                {
                    double scale = shares.Share(weights, s) / outputs;
                    for (int i = s * outputs; i < (s + 1) * outputs; i++)
                    {
                        dz[i] = T.CreateTruncating(scale * (double.CreateTruncating(o[i]) - double.CreateTruncating(targets[i])));
                    }
                }

                return false;
            default:
                throw new ArgumentOutOfRangeException(nameof(loss), loss, "Expected a defined Loss.");
        }
    }

    /// <summary>
    /// Whether <see cref="OutputGradient{T}(Loss, ReadOnlySpan{T}, ReadOnlySpan{T}, int, int, ReadOnlySpan{T}, Span{T})"/>
    /// gives dL/do, which the output activation's derivative must follow (the squared errors), rather than dL/dz.
    /// </summary>
    public static bool GoesThroughActivation(Loss loss) => loss is Loss.HalfSumSquaredError or Loss.MeanSquaredError;

    /// <summary>The loss of one sample: its logits, outputs and targets.</summary>
    internal static double Sample<T>(Loss loss, ReadOnlySpan<T> z, ReadOnlySpan<T> o, ReadOnlySpan<T> t)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double sum = 0;
        switch (loss)
        {
            case Loss.HalfSumSquaredError:
            case Loss.MeanSquaredError:
                for (int k = 0; k < o.Length; k++)
                {
                    double d = double.CreateTruncating(o[k]) - double.CreateTruncating(t[k]);
                    sum += d * d;
                }

                return loss == Loss.HalfSumSquaredError ? 0.5 * sum : sum / o.Length;
            case Loss.CrossEntropy:
                // logsumexp(z) = m - log(o_m) at the largest logit m, where softmax gives o_m = 1 / sum_k e^(z_k - m)
                // >= 1 / K: one logarithm per sample, never of 0.
                int argMax = Reduce.ArgMax(z);
                double m = double.CreateTruncating(z[argMax]);
                double logSumExp = m - Math.Log(double.CreateTruncating(o[argMax]));
                for (int k = 0; k < z.Length; k++)
                {
                    sum += double.CreateTruncating(t[k]) * (logSumExp - double.CreateTruncating(z[k]));
                }

                return sum;
            case Loss.BinaryCrossEntropy:
                for (int k = 0; k < z.Length; k++)
                {
                    double zk = double.CreateTruncating(z[k]);
                    sum += Math.Max(zk, 0) - (zk * double.CreateTruncating(t[k])) + LogOnePlus(Math.Exp(-Math.Abs(zk)));
                }

                return sum / z.Length;
            default:
                throw new ArgumentOutOfRangeException(nameof(loss), loss, "Expected a defined Loss.");
        }
    }

    /// <summary>
    /// log(1 + x) accurate for tiny x, where log(1 + x) itself would round 1 + x to 1 and lose everything (the
    /// binary cross-entropy of a confident, correct output): the rounding of u = 1 + x is undone by the factor
    /// x / (u - 1), as in Goldberg's "What every computer scientist should know about floating-point arithmetic".
    /// </summary>
    private static double LogOnePlus(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }
}
