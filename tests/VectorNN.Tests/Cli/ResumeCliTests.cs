using VectorNN.IO;
using Xunit;

namespace VectorNN.Tests.Cli;

/// <summary><c>train --init</c> continues a saved run exactly, with shuffling on.</summary>
public sealed class ResumeCliTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void TwoPlusTwoEpochs_EqualFour_WithShuffling()
    {
        string[] common =
        [
            "train", "--train", Path.Combine(AppContext.BaseDirectory, "data", "iris-train.csv"), "--layers", "4,8,3", "--activation", "tanh",
            "--normalize", "zscore", "--optimizer", "adam", "--lr", "0.01", "--batch", "16", "--seed", "5", "--json",
        ];
        TwoPlusTwo run = RunTwoPlusTwo(temp, common);

        Assert.Equal(ModelFile.Load(run.Whole).AsSingle().GetParameters(), ModelFile.Load(run.Resumed).AsSingle().GetParameters());
    }

    /// <summary>
    /// <c>--epochs 2 --save</c>, then <c>--epochs 2 --init</c> from that model, and <c>--epochs 4</c> straight, each of
    /// which must succeed; the results of the resumed and the straight run, and the paths of their models.
    /// </summary>
    internal static TwoPlusTwo RunTwoPlusTwo(TempFolder temp, string[] common)
    {
        string half = temp.File("half.safetensors"), resumed = temp.File("resumed.safetensors"), whole = temp.File("whole.safetensors");
        VectorNNProgram.Result first = VectorNNProgram.Run([.. common, "--epochs", "2", "--save", half]);
        Assert.True(first.ExitCode == 0, first.ToString());
        VectorNNProgram.Result second = VectorNNProgram.Run([.. common, "--epochs", "2", "--init", half, "--save", resumed]);
        Assert.True(second.ExitCode == 0, second.ToString());
        VectorNNProgram.Result straight = VectorNNProgram.Run([.. common, "--epochs", "4", "--save", whole]);
        Assert.True(straight.ExitCode == 0, straight.ToString());
        return new TwoPlusTwo(second, resumed, straight, whole);
    }

    internal sealed record TwoPlusTwo(VectorNNProgram.Result Second, string Resumed, VectorNNProgram.Result Straight, string Whole);
}
