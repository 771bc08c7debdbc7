using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Training;
using Xunit;
using Xunit.Abstractions;

namespace VectorNN.Tests.IO;

/// <summary>A disk that fills during a save of the pair leaves the previous pair whole and no temporary file.</summary>
public sealed class FullDiskTests(ITestOutputHelper output)
{
    [Fact]
    public void DiskFillingDuringTheStateFile_LeavesThePreviousPair()
    {
        using var folder = new TempFolder();

        // A 4-800-3 network has 6,403 parameters: the model file takes about 26 KB and Adam's state 52 KB. On a 128 KiB
        // disk the first pair fits, and the second's model fits beside it, but not its state as well. Where a tmpfs
        // cannot be mounted (no root), the same point of failure is injected.
        using SmallDisk? disk = SmallDisk.TryMount(folder.Path, 128);
        output.WriteLine(disk is null ? "tmpfs not mountable here: the full disk is injected" : $"tmpfs of 128 KiB at {disk.Path}");
        string path = Path.Combine(disk?.Path ?? folder.Path, "model.safetensors");
        SavePair(path, 1);
        byte[] model = File.ReadAllBytes(path), state = File.ReadAllBytes(path + ".optimizer");

        int files = 0;
        SaveFaults.Current = disk is not null ? null : new SaveFaults { WrapStream = s => ++files == 2 ? new FailingStream(s, 30_000) : s };
        try
        {
            Assert.ThrowsAny<IOException>(() => SavePair(path, 2));
        }
        finally
        {
            SaveFaults.Current = null;
        }

        Assert.Equal(model, File.ReadAllBytes(path));
        Assert.Equal(state, File.ReadAllBytes(path + ".optimizer"));
        Assert.Equal([path, path + ".optimizer"], Directory.GetFileSystemEntries(Path.GetDirectoryName(path)!).Order(StringComparer.Ordinal));
        LoadedModel loaded = ModelFile.Load(path);
        Assert.True(OptimizerStateFile.TryLoad(path, loaded, new Adam<float>(0.01), loaded.AsSingle().Parameters, out _));
    }

    private static void SavePair(string path, ulong seed)
    {
        var network = new Network<float>(4, new LayerSpec(800, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Glorot(), seed);
        var adam = new Adam<float>(0.01);
        float[] gradients = new float[network.ParameterCount];
        gradients.AsSpan().Fill(0.25f);
        adam.Step(network.Parameters, gradients);
        ModelFile.Save(path, network, new ModelMetadata { Loss = Loss.CrossEntropy }, adam, TrainingState.Start(seed));
    }
}
