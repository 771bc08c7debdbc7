using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Optim;
using VectorNN.Tests.Cli;
using VectorNN.Training;
using Xunit;

namespace VectorNN.Tests.IO;

/// <summary>A model and its optimizer state are saved as a pair that a reader never combines with another save's half.</summary>
public sealed class ModelPairTests
{
    [Fact]
    public void StateBesideANewerModel_IsRefused()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        SavePair(path, seed: 1);

        // A model saved again on its own leaves the earlier state beside it.
        ModelFile.Save(path, ModelFiles.Sample<float>(2), ModelFiles.SampleMetadata());

        AssertRefused(path);
    }

    [Fact]
    public void KilledBetweenTheRenames_TheNewModelAndTheOldState_AreRefused()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        SavePair(path, seed: 1);
        byte[] oldState = File.ReadAllBytes(path + ".optimizer");

        // The process stops right after the model's rename: the state's rename never happens.
        var killed = new SaveFaults { AfterMove = target => throw new OperationCanceledException($"killed after {target}") };
        Assert.Throws<OperationCanceledException>(() => WithFaults(killed, () => SavePair(path, seed: 2)));

        Assert.Equal(Trained(2).GetParameters(), ModelFile.Load(path).AsSingle().GetParameters());
        Assert.Equal(oldState, File.ReadAllBytes(path + ".optimizer"));
        AssertRefused(path);
        Assert.Equal([path, path + ".optimizer"], Directory.GetFileSystemEntries(folder.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Cli_Init_RefusesAMismatchedPair()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        string[] train = ["train", "--train", Path.Combine(AppContext.BaseDirectory, "data", "iris-train.csv"), "--layers", "4,5,3", "--epochs", "1"];
        VectorNNProgram.Result first = VectorNNProgram.Run([.. train, "--save", path]);
        Assert.True(first.ExitCode == 0, first.ToString());
        var killed = new SaveFaults { AfterMove = target => throw new OperationCanceledException($"killed after {target}") };
        Network<float> other = ModelFile.Load(path).AsSingle();
        other.Parameters.Values[0] += 1;
        Assert.Throws<OperationCanceledException>(() => WithFaults(killed, () => ModelFile.Save(path, other, ModelFile.Load(path).Metadata, new Adam<float>())));

        VectorNNProgram.Result resumed = VectorNNProgram.Run([.. train, "--init", path]);

        Assert.True(resumed.ExitCode == 1, resumed.ToString());
        Assert.Contains("was saved with another model", resumed.Stderr, StringComparison.Ordinal);
        Assert.Single(resumed.Stderr.Trim().Split('\n'));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(100L)]
    [InlineData(200L)]
    public void DiskFullDuringTheSecondFile_LeavesThePreviousPair_AndNoTemporaryFile(long capacity)
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        SavePair(path, seed: 1);
        byte[] model = File.ReadAllBytes(path), state = File.ReadAllBytes(path + ".optimizer");

        // The model's temporary file is written in full; the state's fails after `capacity` bytes.
        int files = 0;
        var full = new SaveFaults { WrapStream = s => ++files == 2 ? new FailingStream(s, capacity) : s };
        var e = Assert.Throws<IOException>(() => WithFaults(full, () => SavePair(path, seed: 2)));

        Assert.Equal(FailingStream.DiskFull, e.Message);
        Assert.Equal(model, File.ReadAllBytes(path));
        Assert.Equal(state, File.ReadAllBytes(path + ".optimizer"));
        Assert.Equal([path, path + ".optimizer"], Directory.GetFileSystemEntries(folder.Path).Order(StringComparer.Ordinal));
        Assert.True(OptimizerStateFile.TryLoad(path, ModelFile.Load(path), new Adam<float>(0.01), ModelFile.Load(path).AsSingle().Parameters, out _));
    }

    [Fact]
    public void DiskFull_WithACloseThatFailsToo_ReportsTheFirstError_AndLeavesNoTemporaryFile()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        var full = new SaveFaults { WrapStream = s => new FailingStream(s, 64, failOnDispose: true) };

        var e = Assert.Throws<IOException>(() => WithFaults(full, () => ModelFile.Save(path, ModelFiles.Sample<float>(), ModelFiles.SampleMetadata())));

        Assert.Equal(FailingStream.DiskFull, e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void StateOfTheEarlierFormat_WithoutTheModelsDigest_IsRefused()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        SavePair(path, seed: 1);
        ModelFiles.Rewrite(path + ".optimizer", header => header["__metadata__"]!.AsObject().Remove("model_sha256"));

        var e = Assert.Throws<ModelFormatException>(() => Load(path));
        Assert.Contains("does not record which model it was saved with", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFifoWhereTheStateBelongs_IsRefused_WithoutWaitingForAWriter()
    {
        using var folder = new TempFolder();
        string path = folder.File("model.safetensors");
        ModelFile.Save(path, ModelFiles.Sample<float>(1), ModelFiles.SampleMetadata());
        _ = SpecialFiles.Create("fifo", path + ".optimizer");

        // Opening a FIFO blocks until a writer comes; the guard keeps a regression from hanging the test run.
        Task<bool> load = Task.Run(() => Load(path));
        Assert.True(((IAsyncResult)load).AsyncWaitHandle.WaitOne(TimeSpan.FromMinutes(1)), "TryLoad waits for a writer of the FIFO");
        var e = Assert.Throws<IOException>(() => load.GetAwaiter().GetResult());
        Assert.Contains("is not a regular file", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Saves a pair: the seeded sample network and its Adam optimizer after two steps.</summary>
    private static void SavePair(string path, ulong seed)
    {
        var adam = new Adam<float>(0.01);
        ModelFile.Save(path, Trained(seed, adam), ModelFiles.SampleMetadata(), adam, TrainingState.Start(seed));
    }

    /// <summary>The seeded sample network after two Adam steps on a constant gradient.</summary>
    private static Network<float> Trained(ulong seed, Adam<float>? adam = null)
    {
        adam ??= new Adam<float>(0.01);
        Network<float> network = ModelFiles.Sample<float>(seed);
        float[] gradients = new float[network.ParameterCount];
        gradients.AsSpan().Fill(0.5f);
        adam.Step(network.Parameters, gradients);
        adam.Step(network.Parameters, gradients);
        return network;
    }

    private static bool Load(string path)
    {
        LoadedModel model = ModelFile.Load(path);
        return OptimizerStateFile.TryLoad(path, model, new Adam<float>(0.01), model.AsSingle().Parameters, out _);
    }

    private static void AssertRefused(string path)
    {
        var e = Assert.Throws<ModelFormatException>(() => Load(path));
        Assert.StartsWith(path + ".optimizer: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("was saved with another model", e.Message, StringComparison.Ordinal);
    }

    private static void WithFaults(SaveFaults faults, Action save)
    {
        SaveFaults.Current = faults;
        try
        {
            save();
        }
        finally
        {
            SaveFaults.Current = null;
        }
    }
}
