using System.Numerics;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Training;
using Xunit;

namespace VectorNN.Tests.IO;

/// <summary>An optimizer defined outside the library is saved and restored through its own description of its state.</summary>
public sealed class UserOptimizerStateTests
{
    [Fact]
    public void UserOptimizer_RoundTrips_AndResumesBitIdentically()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        Network<double> network = ModelFiles.Sample<double>(3);
        var optimizer = new SignMomentum<double>(0.01, decay: 0.75);
        Step(network, optimizer, 0, 3);
        ModelFile.Save(path, network, new ModelMetadata { Loss = Loss.CrossEntropy }, optimizer);

        LoadedModel model = ModelFile.Load(path);
        Network<double> restored = model.AsDouble();
        var restoredOptimizer = new SignMomentum<double>(0.01, decay: 0.75);
        Assert.True(OptimizerStateFile.TryLoad(path, model, restoredOptimizer, restored.Parameters, out _));
        Assert.Equal(optimizer.Average.ToArray(), restoredOptimizer.Average.ToArray());

        Step(network, optimizer, 3, 4);
        Step(restored, restoredOptimizer, 3, 4);
        Assert.Equal(ModelFiles.Bits(network.GetParameters()), ModelFiles.Bits(restored.GetParameters()));

        var (header, _) = ModelFiles.ReadHeader(File.ReadAllBytes(path + ".optimizer"));
        Assert.Equal("sign-momentum", header["__metadata__"]!["optimizer"]!.GetValue<string>());
        Assert.Equal("0.75", header["__metadata__"]!["decay"]!.GetValue<string>());
        Assert.Equal(["__metadata__", "average"], header.Select(p => p.Key).Order(StringComparer.Ordinal));

        var otherDecay = new SignMomentum<double>(0.01, decay: 0.5);
        Assert.Contains("decay = 0.75, but the optimizer has 0.5", Assert.Throws<ModelFormatException>(
            () => OptimizerStateFile.TryLoad(path, model, otherDecay, restored.Parameters, out _)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("learning_rate", "average")]
    [InlineData("", "average")]
    [InlineData("decay", "__metadata__")]
    public void ReservedOrEmptyNames_AreRefused_BeforeAnythingIsWritten(string hyperparameter, string state)
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        Network<double> network = ModelFiles.Sample<double>(3);
        var optimizer = new SignMomentum<double>(0.01, 0.75, hyperparameter, state);
        Step(network, optimizer, 0, 1);

        Assert.Throws<ArgumentException>(() => ModelFile.Save(path, network, new ModelMetadata { Loss = Loss.CrossEntropy }, optimizer));
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    private static void Step<T>(Network<T> network, Optimizer<T> optimizer, int first, int count)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var trainer = new Trainer<T>(network, optimizer, new TrainingOptions { Loss = Loss.CrossEntropy, BatchSize = 2 });
        for (int s = first; s < first + count; s++)
        {
            var random = new Random(500 + s);
            T[] inputs = [.. Enumerable.Range(0, 8).Select(_ => T.CreateTruncating((random.NextDouble() * 2) - 1))];
            T[] targets = new T[6];
            targets[random.Next(3)] = T.One;
            targets[3 + random.Next(3)] = T.One;
            trainer.TrainBatch(inputs, targets, 2);
        }
    }

    /// <summary>A user's optimizer: w -= lr sign(a), with a = decay a + (1 - decay) g, in plain loops.</summary>
    private sealed class SignMomentum<T>(double learningRate, double decay, string decayName = "decay", string stateName = "average") : Optimizer<T>(learningRate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private T[] average = [];

        public override string Name => "sign-momentum";

        public override IReadOnlyList<KeyValuePair<string, double>> StateHyperparameters => [new(decayName, decay)];

        public override IReadOnlyList<string> StateNames => [stateName];

        public ReadOnlySpan<T> Average => average;

        // "protected override" in a user's assembly; this one sees the library's internals, so it must say so too.
        protected internal override Span<T> GetStateBuffer(int index) => index == 0 ? average : base.GetStateBuffer(index);

        protected override void Allocate(int count) => average = new T[count];

        protected override void Release() => average = [];

        protected override void Update(Span<T> values, ReadOnlySpan<T> gradients, int offset, T gradientScale)
        {
            T d = T.CreateChecked(decay), lr = T.CreateChecked(LearningRate);
            for (int i = 0; i < values.Length; i++)
            {
                ref T a = ref average[offset + i];
                a = (d * a) + ((T.One - d) * gradients[i] * gradientScale);
                values[i] -= lr * T.CreateChecked(T.Sign(a));
            }
        }
    }
}
