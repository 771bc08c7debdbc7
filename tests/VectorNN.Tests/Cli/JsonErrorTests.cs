using System.Text.Json;
using Xunit;

namespace VectorNN.Tests.Cli;

/// <summary>
/// With <c>--json</c> a failure is exactly one JSON object on stdout, <c>{"error": {...}}</c>, with the message, the exit
/// code and what is known of where; the one line on stderr stays.
/// </summary>
public sealed class JsonErrorTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    private static JsonElement AssertError(VectorNNProgram.Result r, int exitCode)
    {
        Assert.True(r.ExitCode == exitCode, r.ToString());
        Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Single(r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        JsonElement root = r.Json();
        Assert.Equal(["error"], root.EnumerateObject().Select(p => p.Name));
        JsonElement error = root.GetProperty("error");
        Assert.Equal(exitCode, error.GetProperty("exit_code").GetInt32());
        Assert.Equal(r.Stderr.Trim(), "vectornn: " + error.GetProperty("message").GetString());
        return error;
    }

    [Fact]
    public void UsageError_NamesTheOption()
    {
        JsonElement error = AssertError(VectorNNProgram.Run("train", "--train", Data("iris.csv"), "--lr", "-1", "--json"), 2);
        Assert.Equal("--lr", error.GetProperty("option").GetString());
        Assert.False(error.TryGetProperty("file", out _));
    }

    [Fact]
    public void ParseErrors_AreOneObjectToo()
    {
        JsonElement error = AssertError(VectorNNProgram.Run("train", "--train", Data("iris.csv"), "--batch", "x", "--epochs", "y", "--json"), 2);
        Assert.Contains("--batch", error.GetProperty("message").GetString());
        Assert.Contains("--epochs", error.GetProperty("message").GetString());
    }

    [Fact]
    public void DataError_NamesFileLineAndColumn()
    {
        string csv = temp.Write("bad.csv", "a,b,label\n1,2,x\n3,oops,y\n");
        JsonElement error = AssertError(VectorNNProgram.Run("train", "--train", csv, "--epochs", "1", "--json"), 1);
        Assert.Equal(csv, error.GetProperty("file").GetString());
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        Assert.Equal(2, error.GetProperty("column").GetInt32());
    }

    [Fact]
    public void ModelError_NamesTheFile()
    {
        string model = temp.Write("bad.safetensors", [1, 2, 3]);
        JsonElement error = AssertError(VectorNNProgram.Run("evaluate", "--model", model, "--data", Data("iris.csv"), "--json"), 1);
        Assert.Equal(model, error.GetProperty("file").GetString());
        Assert.DoesNotContain(UsageErrorTests.InternalErrorWording, error.GetProperty("message").GetString());
    }

    [Fact]
    public void MissingFile_NamesTheFile()
    {
        string missing = temp.File("missing.csv");
        JsonElement error = AssertError(VectorNNProgram.Run("train", "--train", missing, "--json"), 1);
        Assert.Equal(missing, error.GetProperty("file").GetString());
    }
}
