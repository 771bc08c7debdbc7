using VectorNN.Data;
using VectorNN.Kernels;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Quantization;
using VectorNN.Tests.Training;
using VectorNN.Training;
using Xunit;
using Xunit.Abstractions;

namespace VectorNN.Tests.Quantization;

/// <summary>
/// Post-training quantization on real data: a float network is trained, quantized, and both are scored on the held-out
/// samples. The int8 test accuracy must be within 0.5 points of the float one.
/// </summary>
public sealed class QuantizedAccuracyTests(ITestOutputHelper output)
{
    public static TheoryData<string> Sets() => ["iris", "wine", "digits"];

    [Theory]
    [MemberData(nameof(Sets))]
    public void Int8TestAccuracy_IsWithinHalfAPointOfFloat(string set)
    {
        (Dataset<float> train, Dataset<float> test) = set switch
        {
            "iris" => (IrisFiles.Train<float>(), IrisFiles.Test<float>()),
            "wine" => SklearnFiles.Wine().StratifiedSplit(0.2, 7),
            _ => SklearnFiles.Digits().StratifiedSplit(0.2, 7),
        };
        Normalization normalization = Normalization.Fit<float>(NormalizationMethod.ZScore, train.Inputs, train.InputWidth);
        train = Normalized(train, normalization);
        test = Normalized(test, normalization);
        int hidden = set == "digits" ? 32 : 8;
        var network = new Network<float>(train.InputWidth, new LayerSpec(hidden, Activation.Relu), new LayerSpec(train.TargetWidth, Activation.Softmax));
        network.Initialize(new WeightInit.He(), 3);
        var options = new TrainingOptions { Loss = Loss.CrossEntropy, Epochs = set == "digits" ? 20 : 40, BatchSize = 16, Seed = 3 };
        new Trainer<float>(network, new Adam<float>(0.01), options).Fit(train);

        double floatAccuracy = Accuracy(network.Predict, test);
        double int8Accuracy = Accuracy(Quantizer.Quantize(network).Predict, test);
        output.WriteLine($"{set}: {test.Count} test samples, float {floatAccuracy:P2}, int8 {int8Accuracy:P2}");
        Assert.True(floatAccuracy > 0.9, $"the float network must have learned {set} for the comparison to mean anything; it reached {floatAccuracy:P2}");
        Assert.True(Math.Abs(int8Accuracy - floatAccuracy) <= 0.005, $"{set}: int8 accuracy {int8Accuracy:P2} vs float {floatAccuracy:P2}");
    }

    private delegate void Predictor(ReadOnlySpan<float> inputs, int batch, Span<float> outputs);

    private static double Accuracy(Predictor predict, Dataset<float> data)
    {
        var outputs = new float[data.Count * data.TargetWidth];
        predict(data.Inputs, data.Count, outputs);
        int correct = 0;
        for (int i = 0; i < data.Count; i++)
        {
            correct += Reduce.ArgMax<float>(outputs.AsSpan(i * data.TargetWidth, data.TargetWidth)) == Reduce.ArgMax(data.Target(i)) ? 1 : 0;
        }

        return (double)correct / data.Count;
    }

    private static Dataset<float> Normalized(Dataset<float> data, Normalization normalization)
    {
        float[] inputs = data.Inputs.ToArray();
        normalization.Apply<float>(inputs);
        return new Dataset<float>(inputs, data.Targets.ToArray(), data.InputWidth, data.TargetWidth, data.ClassNames);
    }
}
