using System.Numerics;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Memory;
using VectorNN.Optim;
using VectorNN.Training;
using Xunit;

namespace VectorNN.Tests.IO;

public sealed class OptimizerStateTests
{
    private const int Batch = 4;

    public static TheoryData<string> Kinds => ["sgd", "momentum", "nesterov", "adam", "adamw"];

    private static Optimizer<T> Create<T>(string kind)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => kind switch
        {
            "sgd" => new Sgd<T>(0.05),
            "momentum" => new Momentum<T>(0.05, 0.9),
            "nesterov" => new Momentum<T>(0.05, 0.8, nesterov: true),
            "adam" => new Adam<T>(0.01),
            "adamw" => new AdamW<T>(0.01, weightDecay: 0.05),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Float_ResumedTraining_IsBitIdentical(string kind) => ResumedTraining_IsBitIdentical<float>(kind);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Double_ResumedTraining_IsBitIdentical(string kind) => ResumedTraining_IsBitIdentical<double>(kind);

    [Fact]
    public void NoStateFile_ReturnsFalse_AndLeavesTheOptimizerAlone()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        Network<float> network = ModelFiles.Sample<float>();
        ModelFile.Save(path, network, ModelFiles.SampleMetadata());
        var adam = new Adam<float>();
        Assert.False(OptimizerStateFile.TryLoad(path, ModelFile.Load(path), adam, network.Parameters, out TrainingState? training));
        Assert.Equal(0, adam.StepCount);
        Assert.Null(training);
    }

    [Fact]
    public void UnsteppedOptimizer_RoundTripsAsNew()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        Network<float> network = ModelFiles.Sample<float>();
        ModelFile.Save(path, network, ModelFiles.SampleMetadata(), new Momentum<float>(0.1));
        var restored = new Momentum<float>(0.1);
        Assert.True(OptimizerStateFile.TryLoad(path, ModelFile.Load(path), restored, network.Parameters, out TrainingState? training));
        Assert.Equal(0, restored.StepCount);
        Assert.True(restored.Velocity.IsEmpty);
        Assert.Null(training);
    }

    [Fact]
    public void StateFile_IsSafetensorsBesideTheModel_WithTheDocumentedNames()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        (Network<float> network, Optimizer<float> adam) = Trained<float>("adam", 3);
        ModelFile.Save(path, network, ModelFiles.SampleMetadata(), adam);

        var (header, dataStart) = ModelFiles.ReadHeader(File.ReadAllBytes(path + ".optimizer"));
        var metadata = header["__metadata__"]!.AsObject();
        Assert.Equal("vectornn-optimizer", metadata["format"]!.GetValue<string>());
        Assert.Equal("adam", metadata["optimizer"]!.GetValue<string>());
        Assert.Equal("3", metadata["step_count"]!.GetValue<string>());
        Assert.Equal("0.9", metadata["beta1"]!.GetValue<string>());
        Assert.Equal(network.ParameterCount.ToString(System.Globalization.CultureInfo.InvariantCulture), metadata["parameters"]!.GetValue<string>());
        var (modelHeader, _) = ModelFiles.ReadHeader(File.ReadAllBytes(path));
        Assert.Equal(modelHeader["__metadata__"]!["metadata_sha256"]!.GetValue<string>(), metadata["model_sha256"]!.GetValue<string>());
        Assert.Equal(ModelFiles.MetadataSha256(metadata), metadata["metadata_sha256"]!.GetValue<string>());
        Assert.Equal(["__metadata__", "first_moment", "second_moment"], header.Select(p => p.Key).Order(StringComparer.Ordinal));
        byte[] data = File.ReadAllBytes(path + ".optimizer")[dataStart..];
        Assert.Equal(ModelFiles.Sha256(data), metadata["sha256"]!.GetValue<string>());
        Assert.Equal(((Adam<float>)adam).FirstMoment.ToArray(), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data)[..network.ParameterCount].ToArray());
    }

    [Fact]
    public void Mismatches_AreModelFormatErrors_AndLeaveTheOptimizerAlone()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        (Network<float> network, Optimizer<float> adam) = Trained<float>("adam", 2);
        ModelFile.Save(path, network, ModelFiles.SampleMetadata(), adam);
        LoadedModel model = ModelFile.Load(path);

        var momentum = new Momentum<float>(0.1);
        Assert.Contains("'adam', but the optimizer to restore is 'momentum'", Assert.Throws<ModelFormatException>(
            () => OptimizerStateFile.TryLoad(path, model, momentum, network.Parameters, out _)).Message, StringComparison.Ordinal);

        var otherBeta = new Adam<float>(0.01, beta2: 0.99);
        Assert.Contains("beta2 = 0.999, but the optimizer has 0.99", Assert.Throws<ModelFormatException>(
            () => OptimizerStateFile.TryLoad(path, model, otherBeta, network.Parameters, out _)).Message, StringComparison.Ordinal);

        var smaller = new Network<float>(4, new LayerSpec(3, Activation.Softmax));
        var fresh = new Adam<float>(0.01);
        Assert.Contains($"for {network.ParameterCount} parameters, but the arena has 15", Assert.Throws<ModelFormatException>(
            () => OptimizerStateFile.TryLoad(path, model, fresh, smaller.Parameters, out _)).Message, StringComparison.Ordinal);
        Assert.Equal(0, fresh.StepCount);

        var wider = new Adam<double>(0.01);
        Assert.Contains("the state is F32, but the optimizer works in F64", Assert.Throws<ModelFormatException>(
            () => OptimizerStateFile.TryLoad(path, model, wider, ModelFiles.Sample<double>().Parameters, out _)).Message, StringComparison.Ordinal);

        byte[] file = File.ReadAllBytes(path + ".optimizer");
        file[^3] ^= 0x10;
        File.WriteAllBytes(path + ".optimizer", file);
        Assert.Contains("sha256 mismatch", Assert.Throws<ModelFormatException>(
            () => OptimizerStateFile.TryLoad(path, model, fresh, network.Parameters, out _)).Message, StringComparison.Ordinal);
        Assert.Equal(0, fresh.StepCount);
    }

    [Fact]
    public void ModelLoad_RefusesAnOptimizerFile()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        (Network<float> network, Optimizer<float> adam) = Trained<float>("adam", 1);
        ModelFile.Save(path, network, ModelFiles.SampleMetadata(), adam);
        Assert.Contains("format is 'vectornn-optimizer', expected 'vectornn'",
            Assert.Throws<ModelFormatException>(() => ModelFile.Load(path + ".optimizer")).Message, StringComparison.Ordinal);
    }

    private static void ResumedTraining_IsBitIdentical<T>(string kind)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        (Network<T> network, Optimizer<T> optimizer) = Trained<T>(kind, 5);
        network.Freeze(0, ParameterGroups.Biases);
        ModelFile.Save(path, network, new ModelMetadata { Loss = Loss.CrossEntropy }, optimizer);

        LoadedModel model = ModelFile.Load(path);
        Network<T> restored = typeof(T) == typeof(float) ? (Network<T>)(object)model.AsSingle() : (Network<T>)(object)model.AsDouble();
        restored.Freeze(0, ParameterGroups.Biases);
        Optimizer<T> restoredOptimizer = Create<T>(kind);
        Assert.True(OptimizerStateFile.TryLoad(path, model, restoredOptimizer, restored.Parameters, out _));
        Assert.Equal(optimizer.StepCount, restoredOptimizer.StepCount);

        Train(network, optimizer, 5, 4);
        Train(restored, restoredOptimizer, 5, 4);
        Assert.Equal(network.GetParameters(), restored.GetParameters());
        Assert.Equal(9, restoredOptimizer.StepCount);
    }

    private static (Network<T> Network, Optimizer<T> Optimizer) Trained<T>(string kind, int steps)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Network<T> network = ModelFiles.Sample<T>(3);
        Optimizer<T> optimizer = Create<T>(kind);
        Train(network, optimizer, 0, steps);
        return (network, optimizer);
    }

    /// <summary>Steps <paramref name="first"/> .. <paramref name="first"/> + <paramref name="steps"/> - 1 on seeded batches.</summary>
    private static void Train<T>(Network<T> network, Optimizer<T> optimizer, int first, int steps)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var trainer = new Trainer<T>(network, optimizer, new TrainingOptions { Loss = Loss.CrossEntropy, BatchSize = Batch });
        var inputs = new T[Batch * 4];
        var targets = new T[Batch * 3];
        for (int s = first; s < first + steps; s++)
        {
            var random = new Random(1000 + s);
            for (int i = 0; i < inputs.Length; i++)
            {
                inputs[i] = T.CreateTruncating((random.NextDouble() * 4) - 2);
            }

            Array.Clear(targets);
            for (int b = 0; b < Batch; b++)
            {
                targets[(b * 3) + random.Next(3)] = T.One;
            }

            trainer.TrainBatch(inputs, targets, Batch);
        }
    }
}
