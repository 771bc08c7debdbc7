using System.Diagnostics;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Tests.Data;
using VectorNN.Tests.IO;
using Xunit;

namespace VectorNN.Tests.Cli;

/// <summary>
/// Data and model inputs at the command line: pipes and FIFOs, size limits, files of the wrong kind, corrupt labels,
/// models that overflow, and work that cannot finish.
/// </summary>
public sealed class DataInputCliTests : IDisposable
{
    // Rows without a header, so that a lost first byte changes the first sample.
    private const string Rows = "5.1,3.5,1.4,0.2\n6.2,2.9,4.3,1.3\n";

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Predict_FromAFifo_GivesWhatTheRegularFileGives()
    {
        string model = SampleModel();
        VectorNNProgram.Result expected = VectorNNProgram.Run("predict", "--model", model, "--input", temp.Write("rows.csv", Rows));
        Assert.True(expected.ExitCode == 0, expected.ToString());

        string fifo = Fifo("rows.fifo");
        Task writer = Task.Run(() => WriteTo(fifo, Rows));
        VectorNNProgram.Result r = VectorNNProgram.Run("predict", "--model", model, "--input", fifo);
        await writer.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(expected.Stdout, r.Stdout);
    }

    [Fact]
    public async Task Predict_FromAFifoWithoutWriter_SaysItWaits_AndReadsWhenTheWriterComes()
    {
        string model = SampleModel();
        string fifo = Fifo("late.fifo");
        using Process process = VectorNNProgram.StartProcess("predict", "--model", model, "--input", fifo);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string? first;
        try
        {
            first = await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
        }
        catch (TimeoutException)
        {
            // Without the message the program would wait for the FIFO's writer forever.
            process.Kill(entireProcessTree: true);
            throw;
        }

        Task<string> rest = process.StandardError.ReadToEndAsync();

        Assert.Equal($"vectornn: waiting for a writer to open {fifo} (a FIFO opens when its writer does; Ctrl-C to stop)", first);
        WriteTo(fifo, Rows);
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "predict did not finish after the writer came");
        Assert.True(process.ExitCode == 0, await rest);
        Assert.Equal(3, (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Predict_OnDevZero_FailsAtOnce_SayingWhatTheFileLooksLike()
    {
        VectorNNProgram.Result r = VectorNNProgram.Run("predict", "--model", SampleModel(), "--input", "/dev/zero");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(
            "vectornn: /dev/zero: expected magic 0x00000803, got 0x00000000 at byte offset 0: the file starts like IDX (two zero bytes first), but with type 0x00, which IDX does not define, where IDX of unsigned bytes with 3 dimensions is expected\n",
            r.Stderr);
    }

    [Fact]
    public void Predict_OnAnIdxFileOfAnotherType_SaysSo_InsteadOfACsvError()
    {
        string ints = temp.Write("ints-images-idx3-ubyte", IdxFiles.Build(0x00000C03, [1, 2, 2], new byte[16]));
        VectorNNProgram.Result r = VectorNNProgram.Run("predict", "--model", SampleModel(), "--input", ints);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("the file starts like IDX of 32-bit integers with 3 dimensions, where IDX of unsigned bytes with 3 dimensions is expected", r.Stderr);
        Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void LineAndByteLimits_AreCommandLineOptions_NamedByTheirErrors()
    {
        string model = SampleModel();
        string longLine = temp.Write("long.csv", new string('7', 5000));
        VectorNNProgram.Result line = VectorNNProgram.Run("predict", "--model", model, "--input", longLine, "--max-line-length", "100");
        Assert.Equal(1, line.ExitCode);
        Assert.Equal($"vectornn: {longLine}:1: expected lines of at most 100 characters, got no line break within them; raise the limit with LoadLimits.MaxLineLength (--max-line-length on the command line) for longer lines\n", line.Stderr);

        string rows = temp.Write("rows.csv", Rows);
        VectorNNProgram.Result bytes = VectorNNProgram.Run("evaluate", "--model", model, "--data", temp.Write("labelled.csv", "5.1,3.5,1.4,0.2,setosa\n"), "--max-input-bytes", "10");
        Assert.Equal(1, bytes.ExitCode);
        Assert.Contains("expected at most 10 bytes of content", bytes.Stderr);
        Assert.Contains("--max-input-bytes", bytes.Stderr);

        VectorNNProgram.Result zero = VectorNNProgram.Run("predict", "--model", model, "--input", rows, "--max-input-bytes", "0");
        Assert.Equal(2, zero.ExitCode);
        Assert.Equal("vectornn: --max-input-bytes: expected at least 1, got 0.\n", zero.Stderr);
    }

    [Fact]
    public void Train_OnIdxLabelsWithACorruptByte_RefusesInsteadOfMakingA201ClassNetwork()
    {
        byte[] labels = [.. Enumerable.Range(0, 20).Select(i => (byte)(i % 10))];
        labels[7] = 200;
        string images = temp.Write("c-images-idx3-ubyte", IdxFiles.Images(20, 2, 2, new byte[80]));
        string labelsPath = temp.Write("c-labels-idx1-ubyte", IdxFiles.Labels(labels));

        VectorNNProgram.Result r = VectorNNProgram.Run("train", "--train", images, "--epochs", "1");
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith(
            $"vectornn: {labelsPath}: expected a sample of every class from 0 to the largest label, 200 (sample 8), got none of class 10 (190 of 201 classes empty): a corrupt label would make a 201-class network",
            r.Stderr);

        labels[7] = 7;
        File.WriteAllBytes(labelsPath, IdxFiles.Labels(labels));
        VectorNNProgram.Result fixedLabels = VectorNNProgram.Run("train", "--train", images, "--epochs", "1", "--json");
        Assert.True(fixedLabels.ExitCode == 0, fixedLabels.ToString());
        Assert.Equal([4, 64, 10], fixedLabels.Json().GetProperty("layers").EnumerateArray().Select(w => w.GetInt32()));
    }

    [Fact]
    public void PredictAndEvaluate_OnAnInputTheWeightsOverflowOn_FailNamingTheSample()
    {
        // Weights of 1e20 are finite and give finite outputs for inputs near 1; an input of 1e30 gives 2e50, beyond float.
        var network = new Network<float>(2, new LayerSpec(2, Activation.Identity));
        network.SetParameters([1e20f, 1e20f, 1e20f, 1e20f, 0, 0]);
        string model = temp.File("big.safetensors");
        ModelFile.Save(model, network, new ModelMetadata { Loss = Loss.MeanSquaredError, Classes = ["a", "b"] });

        string rows = temp.Write("x.csv", "1,1\n1e30,1e30\n");
        VectorNNProgram.Result predict = VectorNNProgram.Run("predict", "--model", model, "--input", rows);
        Assert.Equal(1, predict.ExitCode);
        Assert.Equal(string.Empty, predict.Stdout);
        Assert.Equal($"vectornn: {rows}: sample 2: expected finite outputs, got Infinity for output 0: the model's weights overflow on this input, so it has no prediction\n", predict.Stderr);

        string labelled = temp.Write("y.csv", "1,1,a\n1e30,1e30,b\n");
        VectorNNProgram.Result evaluate = VectorNNProgram.Run("evaluate", "--model", model, "--data", labelled);
        Assert.Equal(1, evaluate.ExitCode);
        Assert.StartsWith($"vectornn: {labelled}: sample 2: expected finite outputs", evaluate.Stderr);
    }

    [Fact]
    public void Predict_WithABinaryClassifierNamingBothClasses_PrintsTheClassNames()
    {
        var network = new Network<double>(2, new LayerSpec(1, Activation.Logistic));
        network.SetParameters([1, 0, 0]);
        string model = temp.File("binary.safetensors");
        ModelFile.Save(model, network, new ModelMetadata { Loss = Loss.BinaryCrossEntropy, Classes = ["no", "yes"] });

        VectorNNProgram.Result r = VectorNNProgram.Run("predict", "--model", model, "--input", temp.Write("x.csv", "-3,0\n3,0\n"));
        Assert.True(r.ExitCode == 0, r.ToString());
        string[] lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("predicted,p_yes", lines[0]);
        Assert.StartsWith("no,", lines[1]);
        Assert.StartsWith("yes,", lines[2]);
    }

    [Theory]
    [InlineData("3,100000,2", "4")]
    [InlineData("784,400,10", "16")]
    public void Gradcheck_BeyondTheWorkBound_IsAUsageError_ExplainingTheBound(string layers, string batch)
    {
        VectorNNProgram.Result r = VectorNNProgram.Run("gradcheck", "--layers", layers, "--batch", batch);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"vectornn: --layers {layers} --batch {batch}: ", r.Stderr);
        Assert.Contains("parameters need 2 x parameters forward passes of batch x parameters multiply-adds", r.Stderr);
        Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private string SampleModel()
    {
        string path = temp.File("sample.safetensors");
        ModelFile.Save(path, ModelFiles.Sample<float>(), ModelFiles.SampleMetadata());
        return path;
    }

    private string Fifo(string name)
    {
        string path = temp.File(name);
        using Process mkfifo = Process.Start("mkfifo", path);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    private static void WriteTo(string fifo, string text)
    {
        // Opening a FIFO for writing waits for its reader.
        using var stream = new FileStream(fifo, FileMode.Open, FileAccess.Write);
        stream.Write(System.Text.Encoding.UTF8.GetBytes(text));
    }
}
