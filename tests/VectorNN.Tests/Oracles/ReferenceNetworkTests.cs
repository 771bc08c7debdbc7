using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathNet.Numerics.LinearAlgebra;
using VectorNN.Tests.Generators;
using Xunit;

namespace VectorNN.Tests.Oracles;

/// <summary>
/// Validates the reference model and the finite-difference helper themselves, against published hand computations,
/// closed forms and relations between independent formulas, before they judge the network code.
/// </summary>
public sealed class ReferenceNetworkTests
{
    private const double Eps = 2.220446049250313e-16;

    // Matt Mazur, "A Step by Step Backpropagation Example" (2015): a 2-2-2 logistic network, half sum of squared errors.
    // Flat order: layers.0.weight = [[w1, w2], [w3, w4]], layers.0.bias = [b1, b1], then the same for layer 1.
    private static readonly double[] MazurParameters =
        [0.15, 0.20, 0.25, 0.30, 0.35, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.60];

    private static readonly int[] MazurWeightIndices = [0, 1, 2, 3, 6, 7, 8, 9];

    private static ReferenceNetwork Mazur()
    {
        var network = new ReferenceNetwork([2, 2, 2], [ReferenceActivation.Logistic, ReferenceActivation.Logistic]);
        network.SetParameters(MazurParameters);
        return network;
    }

    private static Matrix<double> Row(params double[] values) => Matrix<double>.Build.Dense(1, values.Length, values);

    [Fact]
    public void Mazur_ForwardPassAndTotalError_MatchThePublishedValues()
    {
        ReferenceNetwork network = Mazur();
        Matrix<double> input = Row(0.05, 0.10);
        Matrix<double> target = Row(0.01, 0.99);

        Matrix<double> output = network.Forward(input);
        double error = network.Loss(input, target, ReferenceLoss.HalfSumSquaredError);

        // The forward pass is a handful of double operations on values of order one: its own error is ~1e-15, far
        // below the printed digits, so only the rounding of the printed value is allowed for (1e-15 slack).
        Printed.AssertMatches("0.75136507", output[0, 0], "out_o1");
        Printed.AssertMatches("0.772928465", output[0, 1], "out_o2");
        Printed.AssertMatches("0.298371109", error, "E_total");
    }

    [Fact]
    public void Mazur_OneGradientStepOnTheWeights_MatchesThePublishedWeights()
    {
        ReferenceNetwork network = Mazur();
        Matrix<double> input = Row(0.05, 0.10);
        Matrix<double> target = Row(0.01, 0.99);
        double Loss(double[] p)
        {
            network.SetParameters(p);
            return network.Loss(input, target, ReferenceLoss.HalfSumSquaredError);
        }

        double[] gradient = FiniteDifference.Gradient(Loss, MazurParameters);
        const double LearningRate = 0.5;
        double[] updated = (double[])MazurParameters.Clone();
        foreach (int i in MazurWeightIndices)
        {
            // The tutorial updates every weight from the gradient at the original point and keeps the biases fixed.
            updated[i] -= LearningRate * gradient[i];
        }

        // The tutorial prints the new weights rounded to 8 or 9 decimals, computed from intermediate values it also
        // rounds to about 9 significant digits; those gradients are ~1e-1 (w5..w8) and ~1e-3 (w1..w4), so that
        // rounding moves the weights by at most ~1e-10, inside the slack. The finite-difference gradient is within
        // ~1e-10 of the exact one (h = 1e-6, E ~ 0.3; see FiniteDifference.Gradient), times lr 0.5. Slack: 2e-10.
        string[] published = ["0.149780716", "0.19956143", "0.24975114", "0.29950229", "", "",
                              "0.35891648", "0.408666186", "0.511301270", "0.561370121", "", ""];
        string[] names = ["w1", "w2", "w3", "w4", "b1", "b1", "w5", "w6", "w7", "w8", "b2", "b2"];
        foreach (int i in MazurWeightIndices)
        {
            Printed.AssertMatches(published[i], updated[i], names[i], slack: 2e-10);
        }

        Assert.Equal(MazurParameters[4], updated[4]);
        Assert.Equal(MazurParameters[11], updated[11]);
    }

    [Property(Arbitrary = new[] { typeof(CrossEntropyCases) }, MaxTest = 100)]
    public void SoftmaxCrossEntropy_OutputBiasGradient_IsTheClosedForm(NetworkCase c)
    {
        ReferenceNetwork network = c.ReferenceNetwork();
        Matrix<double> inputs = c.InputMatrix();
        Matrix<double> targets = c.TargetMatrix();
        double[] gradient = FiniteDifference.Gradient(
            p =>
            {
                network.SetParameters(p);
                return network.Loss(inputs, targets, ReferenceLoss.CrossEntropy);
            },
            c.Parameters);
        network.SetParameters(c.Parameters);

        // The output bias is the last block of the flat order. dL/db_j = (1/B) sum_n (softmax(z_n)_j - t_nj), with the
        // softmax computed here from the logits, independently of the model's own softmax.
        Matrix<double> z = network.OutputPreActivations(inputs);
        int k = c.Outputs;
        int biasOffset = c.Parameters.Length - k;
        double magnitude = 1;
        var expected = new double[k];
        for (int n = 0; n < c.Batch; n++)
        {
            double max = z.Row(n).Maximum();
            double sum = 0;
            for (int m = 0; m < k; m++)
            {
                sum += Math.Exp(z[n, m] - max);
            }

            for (int j = 0; j < k; j++)
            {
                expected[j] += Math.Exp(z[n, j] - max) / sum - targets[n, j];
            }

            magnitude = Math.Max(magnitude, Math.Abs(max + Math.Log(sum)) + z.Row(n).AbsoluteMaximum());
        }

        // 1e-6 relative, the gradient criterion, except where the component is so small (the samples of the batch
        // pulling the bias in opposite directions) that the finite difference's own rounding error dominates: there
        // the difference must be within that rounding error (see FiniteDifference.RoundingError).
        double roundingError = FiniteDifference.RoundingError(magnitude);
        for (int j = 0; j < k; j++)
        {
            expected[j] /= c.Batch;
            double fd = gradient[biasOffset + j];
            double error = FiniteDifference.RelativeError(fd, expected[j]);
            Assert.True(
                error <= 1e-6 || Math.Abs(fd - expected[j]) <= roundingError,
                $"{c}: bias {j}: finite difference {fd:R}, closed form {expected[j]:R}, relative error {error:E2}, |diff| {Math.Abs(fd - expected[j]):E2} > rounding bound {roundingError:E2}");
        }
    }

    [Fact]
    public void LogitsOfPlusMinus1000_GiveFiniteCrossEntropyAndSoftmaxSummingToOne()
    {
        // One softmax layer whose zero weights leave the logits equal to the biases.
        var network = new ReferenceNetwork([2, 3], [ReferenceActivation.Softmax]);
        network.Biases[0].SetValues([1000.0, -1000.0, 0.0]);
        Matrix<double> input = Row(0.5, -0.5);

        Matrix<double> output = network.Forward(input);
        Assert.True(output.Enumerate().All(double.IsFinite));
        Assert.Equal(1.0, output.Row(0).Sum(), 15);

        // Loss of the class with logit -1000: logsumexp(z) - z_1 = 1000 - (-1000) = 2000 (e^-1000 and e^-2000 vanish).
        double onTheSmallLogit = network.Loss(input, Row(0, 1, 0), ReferenceLoss.CrossEntropy);
        double onTheLargeLogit = network.Loss(input, Row(1, 0, 0), ReferenceLoss.CrossEntropy);
        Assert.Equal(2000.0, onTheSmallLogit);
        Assert.Equal(0.0, onTheLargeLogit);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogitsOfPlusMinus1000_IsFinite()
    {
        var network = new ReferenceNetwork([1, 1], [ReferenceActivation.Logistic]);
        Matrix<double> input = Row(0.0);
        foreach (double logit in new[] { 1000.0, -1000.0 })
        {
            network.Biases[0][0] = logit;
            double right = network.Loss(input, Row(logit > 0 ? 1 : 0), ReferenceLoss.BinaryCrossEntropy);
            double wrong = network.Loss(input, Row(logit > 0 ? 0 : 1), ReferenceLoss.BinaryCrossEntropy);

            // log(1 + e^-1000) is 0 in double; a confidently wrong prediction costs |z| (log(1 - o) = log(0) avoided).
            Assert.Equal(0.0, right);
            Assert.Equal(1000.0, wrong);
            Assert.Equal(logit > 0 ? 1.0 : 0.0, network.Forward(input)[0, 0]);
        }
    }

    [Property(Arbitrary = new[] { typeof(ReferenceCases) }, MaxTest = 100)]
    public void BatchLoss_IsTheMeanOfThePerSampleLosses(NetworkCase c)
    {
        ReferenceNetwork network = c.ReferenceNetwork();
        Matrix<double> inputs = c.InputMatrix();
        Matrix<double> targets = c.TargetMatrix();
        double batchLoss = network.Loss(inputs, targets, c.ReferenceLoss());

        double sum = 0;
        for (int n = 0; n < c.Batch; n++)
        {
            sum += network.Loss(inputs.SubMatrix(n, 1, 0, inputs.ColumnCount), targets.SubMatrix(n, 1, 0, targets.ColumnCount), c.ReferenceLoss());
        }

        // Every per-sample loss is non-negative, so summing at most 4 of them is accurate to (B - 1) eps relative,
        // and the division adds one more rounding: 8 eps covers it.
        double mean = sum / c.Batch;
        Assert.True(Math.Abs(batchLoss - mean) <= 8 * Eps * mean, $"{c}: batch {batchLoss:R}, mean of samples {mean:R}");

        // Duplicating the batch changes no mean.
        double doubled = network.Loss(inputs.Stack(inputs), targets.Stack(targets), c.ReferenceLoss());
        Assert.True(Math.Abs(doubled - batchLoss) <= 8 * Eps * batchLoss, $"{c}: doubled batch {doubled:R}, batch {batchLoss:R}");
    }

    [Property(Arbitrary = new[] { typeof(ReferenceCases) }, MaxTest = 100)]
    public void MeanSquaredError_IsHalfSumSquaredErrorTimesTwoOverTheOutputs(NetworkCase c)
    {
        // Squared errors are defined for any output and target, so every case counts, whatever loss it was made for.
        ReferenceNetwork network = c.ReferenceNetwork();
        double mse = network.Loss(c.InputMatrix(), c.TargetMatrix(), ReferenceLoss.MeanSquaredError);
        double halfSse = network.Loss(c.InputMatrix(), c.TargetMatrix(), ReferenceLoss.HalfSumSquaredError);

        // The two differ only in a scaling of the same non-negative sum per sample: a few roundings apart.
        double expected = halfSse * 2 / c.Outputs;
        Assert.True(Math.Abs(mse - expected) <= 4 * Eps * expected, $"{c}: mse {mse:R}, half-sse * 2 / K {expected:R}");
    }

    [Fact]
    public void Parameters_FollowTheDocumentedFlatOrder()
    {
        var network = new ReferenceNetwork([3, 2, 1], [ReferenceActivation.Tanh, ReferenceActivation.Identity]);
        Assert.Equal(2 * 3 + 2 + 1 * 2 + 1, network.ParameterCount);
        double[] p = Enumerable.Range(0, network.ParameterCount).Select(i => (double)i).ToArray();
        network.SetParameters(p);

        Assert.Equal(4.0, network.Weights[0][1, 1]); // layers.0.weight row-major: [1, 1] at 1 * 3 + 1
        Assert.Equal(6.0, network.Biases[0][0]);     // layers.0.bias after the 6 weights
        Assert.Equal(8.0, network.ParameterOffset(1));
        Assert.Equal(9.0, network.Weights[1][0, 1]);
        Assert.Equal(10.0, network.Biases[1][0]);
        Assert.Equal(p, network.GetParameters());
        Assert.Throws<ArgumentException>(() => network.SetParameters(new double[network.ParameterCount - 1]));
    }

    [Fact]
    public void FiniteDifference_OfSinSum_IsCos()
    {
        double[] x = [-2.0, -0.3, 0.0, 1.0, 2.5];
        double[] g = FiniteDifference.Gradient(v => v.Sum(Math.Sin), x);
        for (int i = 0; i < x.Length; i++)
        {
            // h^2/6 |cos| + eps * |f| / h ~ 2e-13 + 2e-10 (|f| <= 5): 1e-9 absolute is the analysed bound with margin.
            Assert.True(Math.Abs(g[i] - Math.Cos(x[i])) <= 1e-9, $"x = {x[i]}: {g[i]:R} vs {Math.Cos(x[i]):R}");
        }
    }
}
