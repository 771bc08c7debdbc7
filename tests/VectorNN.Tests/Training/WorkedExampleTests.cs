using System.Globalization;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Memory;
using VectorNN.Optim;
using VectorNN.Training;
using VectorNN.Tests.Oracles;
using Xunit;

namespace VectorNN.Tests.Training;

/// <summary>
/// The 2-2-2 logistic network worked by hand in Matt Mazur's "A Step by Step Backpropagation Example" (2015):
/// the published forward values, total error and weights after one step of gradient descent, reproduced digit for
/// digit by the library's own forward pass, back-propagation and SGD in double.
/// </summary>
public sealed class WorkedExampleTests
{
    // w1..w4 into the hidden layer (row-major: h1 = w1 i1 + w2 i2), b1 twice, w5..w8 into the outputs, b2 twice.
    private static readonly double[] Start = [0.15, 0.20, 0.25, 0.30, 0.35, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.60];
    private static readonly double[] Input = [0.05, 0.10];
    private static readonly double[] Target = [0.01, 0.99];

    private static Network<double> Mazur()
    {
        var network = new Network<double>(2, new LayerSpec(2, Activation.Logistic), new LayerSpec(2, Activation.Logistic));
        network.SetParameters(Start);
        return network;
    }

    [Fact]
    public void ForwardPassAndTotalError_MatchThePublishedValues()
    {
        Network<double> network = Mazur();
        var output = new double[2];
        network.Predict(Input, output);
        double error = new Backpropagation<double>(network, Loss.HalfSumSquaredError, 1).ComputeLoss(Input, Target, 1);

        Printed.AssertMatches("0.75136507", output[0], "out_o1");
        Printed.AssertMatches("0.772928465", output[1], "out_o2");
        Printed.AssertMatches("0.298371109", error, "E_total");
    }

    [Fact]
    public void OneStepOfSgdWithFrozenBiases_GivesThePublishedWeights()
    {
        Network<double> network = Mazur();
        network.Freeze(0, ParameterGroups.Biases);
        network.Freeze(1, ParameterGroups.Biases);
        var trainer = new Trainer<double>(network, new Sgd<double>(0.5), new TrainingOptions { Loss = Loss.HalfSumSquaredError });

        trainer.TrainBatch(Input, Target, 1);

        ParameterArena<double> p = network.Parameters;
        string[] hidden = ["0.149780716", "0.19956143", "0.24975114", "0.29950229"];
        string[] outputs = ["0.35891648", "0.408666186", "0.511301270", "0.561370121"];
        for (int i = 0; i < 4; i++)
        {
            Printed.AssertMatches(hidden[i], p.Weights(0)[i], $"w{i + 1}");
            Printed.AssertMatches(outputs[i], p.Weights(1)[i], $"w{i + 5}");
        }

        Assert.Equal([0.35, 0.35], p.Biases(0).ToArray());
        Assert.Equal([0.60, 0.60], p.Biases(1).ToArray());
    }

    [Fact]
    public void TenThousandSteps_GiveThePublishedError()
    {
        Network<double> network = Mazur();
        network.Freeze(0, ParameterGroups.Biases);
        network.Freeze(1, ParameterGroups.Biases);
        var trainer = new Trainer<double>(network, new Sgd<double>(0.5), new TrainingOptions { Loss = Loss.HalfSumSquaredError });
        double error = double.NaN;
        for (int i = 0; i < 10_000; i++)
        {
            error = trainer.TrainBatch(Input, Target, 1);
        }

        // The published error is the loss of the 10,000th forward pass, before its update: what TrainBatch returns.
        // 10,000 steps of a contracting iteration keep rounding differences near 1e-15, far below the digits.
        Printed.AssertMatches("0.0000351085", error, "E_total");

        // The published outputs (0.015912196, 0.984065734) belong to no whole step count: they fall between steps
        // 10,002 and 10,003 of this iteration, which moves each output by about 5.7e-7 per step. So they are checked
        // to 2e-6, between two and four steps' worth, not to their printed digits.
        var output = new double[2];
        network.Predict(Input, output);
        Assert.InRange(output[0], 0.015912196 - 2e-6, 0.015912196 + 2e-6);
        Assert.InRange(output[1], 0.984065734 - 2e-6, 0.984065734 + 2e-6);
    }
}
