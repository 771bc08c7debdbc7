using System.Text.Json;
using VectorNN.Data;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using Xunit;

namespace VectorNN.Tests.Cli;

/// <summary><c>vectornn summary --model M</c>.</summary>
public sealed class SummaryCliTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Json_IsOneObject_WithEachLayerAndTheHandCountedTotals()
    {
        VectorNNProgram.Result r = VectorNNProgram.Run("summary", "--model", SavedModel(), "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        JsonElement json = r.Json();
        JsonElement[] layers = [.. json.GetProperty("layers").EnumerateArray()];
        Assert.Equal(2, layers.Length);

        // 3-4-2: layer 0 has 16 parameters, 24 FLOP inferred and 48 trained; layer 1 10, 16 and 48 (see ModelSummaryTests).
        Assert.Equal([3, 4], layers.Select(l => l.GetProperty("inputs").GetInt32()));
        Assert.Equal([4, 2], layers.Select(l => l.GetProperty("outputs").GetInt32()));
        Assert.Equal(["tanh", "softmax"], layers.Select(l => l.GetProperty("activation").GetString()));
        Assert.Equal([16, 10], layers.Select(l => l.GetProperty("parameters").GetInt32()));
        Assert.Equal([24, 16], layers.Select(l => l.GetProperty("inference_flop").GetInt32()));
        Assert.Equal([48, 48], layers.Select(l => l.GetProperty("training_flop").GetInt32()));
        Assert.Equal(26, json.GetProperty("parameters").GetInt32());
        Assert.Equal(40, json.GetProperty("inference_flop_per_sample").GetInt32());
        Assert.Equal(96, json.GetProperty("training_flop_per_sample").GetInt32());
        Assert.Contains("2 per multiply-add", json.GetProperty("flop_convention").GetString());
        Assert.Equal("float32", json.GetProperty("dtype").GetString());
        Assert.Equal("cross-entropy", json.GetProperty("loss").GetString());
        Assert.Equal("zscore", json.GetProperty("normalization").GetProperty("method").GetString());
        Assert.Equal(3, json.GetProperty("normalization").GetProperty("features").GetInt32());
        Assert.Equal(["cat", "dog"], json.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        Assert.True(json.GetProperty("checksum_verified").GetBoolean());
    }

    [Fact]
    public void Terminal_ShowsTheTable_TheConvention_TheNormalization_TheClasses_AndTheChecksum()
    {
        VectorNNProgram.Result r = VectorNNProgram.Run("summary", "--model", SavedModel());
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (string text in new[] { "3 -> 4", "tanh", "softmax", "26", "float32", "checksum: verified", "zscore", "cat, dog", "2 per multiply-add" })
        {
            Assert.Contains(text, r.Stdout);
        }
    }

    [Fact]
    public void ACorruptFile_IsSummarized_ButTheChecksumFailure_ExitsWith1()
    {
        string path = SavedModel();
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        VectorNNProgram.Result r = VectorNNProgram.Run("summary", "--model", path, "--json");
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.False(r.Json().GetProperty("checksum_verified").GetBoolean());
        Assert.Contains("sha256", r.Json().GetProperty("checksum_error").GetString());
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Contains(path, r.Stderr);
    }

    [Fact]
    public void AnOnnxModel_HasNoChecksum()
    {
        string onnx = temp.File("m.onnx");
        Assert.Equal(0, VectorNNProgram.Run("export", "--model", SavedModel(), "--onnx", onnx).ExitCode);
        VectorNNProgram.Result r = VectorNNProgram.Run("summary", "--model", onnx, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(JsonValueKind.Null, r.Json().GetProperty("checksum_verified").ValueKind);
        Assert.Equal(26, r.Json().GetProperty("parameters").GetInt32());
    }

    [Fact]
    public void AMissingFile_Exits1_AndNoModelOption_Exits2()
    {
        VectorNNProgram.Result missing = VectorNNProgram.Run("summary", "--model", temp.File("none.safetensors"));
        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.Single(missing.Stderr.Trim().Split('\n'));
        Assert.Equal(2, VectorNNProgram.Run("summary").ExitCode);
    }

    private string SavedModel()
    {
        var network = new Network<float>(3, new LayerSpec(4, Activation.Tanh), new LayerSpec(2, Activation.Softmax));
        network.Initialize(new WeightInit.Glorot(), 1);
        string path = temp.File("m.safetensors");
        var normalization = new Normalization(NormalizationMethod.ZScore, [1, 2, 3], [0.5, 0.25, 2]);
        ModelFile.Save(path, network, new ModelMetadata { Loss = Loss.CrossEntropy, Normalization = normalization, Classes = ["cat", "dog"] });
        return path;
    }
}
