using Xunit;

namespace VectorNN.Tests.Cli;

/// <summary><c>--plot</c> when the native drawing library that ships beside the program is missing.</summary>
public sealed class PlotLibraryTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Plot_WithoutTheNativeLibrary_SavesTheModelAndSaysWhatIsMissingInOneLine()
    {
        // A copy of the program's managed files without runtimes/, where the build puts libSkiaSharp.
        string program = Path.Combine(temp.Path, "program");
        Directory.CreateDirectory(program);
        foreach (string file in Directory.EnumerateFiles(VectorNNProgram.Folder).Where(f => f.EndsWith(".dll", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(program, Path.GetFileName(file)));
        }

        string model = temp.File("iris.safetensors"), plot = temp.File("iris.png");
        VectorNNProgram.Result r = VectorNNProgram.RunCopy(
            Path.Combine(program, "VectorNN.Cli.dll"),
            "train", "--train", Path.Combine(AppContext.BaseDirectory, "data", "iris-train.csv"), "--epochs", "2", "--save", model, "--plot", plot);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.True(File.Exists(model), r.ToString());
        Assert.False(File.Exists(plot), r.ToString());
        string error = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("vectornn: ", error, StringComparison.Ordinal);
        Assert.Contains(plot, error, StringComparison.Ordinal);
        Assert.Contains("libSkiaSharp", error, StringComparison.Ordinal);
    }
}
