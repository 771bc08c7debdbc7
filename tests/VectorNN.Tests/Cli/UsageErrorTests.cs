using Xunit;

namespace VectorNN.Tests.Cli;

/// <summary>
/// Every option out of range, for every command: exit 2, exactly one line on stderr that names the option and the
/// allowed range, nothing on stdout, and never the internal-error wording of the last line of defence.
/// </summary>
public sealed class UsageErrorTests : IDisposable
{
    /// <summary>The start of the message the program prints for an exception no command anticipates (a bug).</summary>
    internal const string InternalErrorWording = "internal error";

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    // {iris}: the Iris CSV; {one}: a CSV of one row; {temp}: an existing folder; {idx}: IDX images. Each case: the arguments, the option the
    // message must name, and a piece of the allowed range it must state.
    public static TheoryData<string[], string, string> Cases => new()
    {
        { ["train", "--train", "{iris}", "--lr", "-1"], "--lr", "finite rate >= 0" },
        { ["train", "--train", "{iris}", "--lr", "NaN"], "--lr", "finite rate >= 0" },
        { ["train", "--train", "{iris}", "--lr", "Infinity"], "--lr", "finite rate >= 0" },
        { ["train", "--train", "{iris}", "--layers", "4,1000000000,3"], "--layers", "at most 134,217,728 parameters" },
        { ["train", "--train", "{iris}", "--layers", "4,0,3"], "--layers", "widths >= 1" },
        { ["train", "--train", "{iris}", "--layers", "4,2000000,3", "--batch", "120"], "--batch", "at most 134,217,728" },
        { ["train", "--train", "{iris}", "--batch", "2147483647"], "--batch", "1 to 65,536" },
        { ["train", "--train", "{iris}", "--batch", "0"], "--batch", "1 to 65,536" },
        { ["train", "--train", "{iris}", "--epochs", "2147483647"], "--epochs", "0 to 1,000,000" },
        { ["train", "--train", "{iris}", "--epochs", "-1"], "--epochs", "0 to 1,000,000" },
        { ["train", "--train", "{iris}", "--threads", "0"], "--threads", "1 to 1,024" },
        { ["train", "--train", "{iris}", "--threads", "100000"], "--threads", "1 to 1,024" },
        { ["train", "--train", "{iris}", "--save", ""], "--save", "expected a file path" },
        { ["train", "--train", "{iris}", "--save", "/"], "--save", "expected a file path" },
        { ["train", "--train", "{iris}", "--save", "{temp}"], "--save", "expected a file path" },
        { ["train", "--train", "{iris}", "--save", "{temp}/model/"], "--save", "expected a file path" },
        { ["train", "--train", "{iris}", "--save", "{temp}/missing/model.safetensors"], "--save", "does not exist" },
        { ["train", "--train", "{iris}", "--plot", "{temp}"], "--plot", "expected a file path" },
        { ["train", "--train", "{iris}", "--test-fraction", "0"], "--test-fraction", "between 0 and 1" },
        { ["train", "--train", "{iris}", "--test-fraction", "1"], "--test-fraction", "between 0 and 1" },
        { ["train", "--train", "{iris}", "--test-fraction", "NaN"], "--test-fraction", "between 0 and 1" },
        { ["train", "--train", "{one}", "--test-fraction", "0.5"], "--test-fraction", "two non-empty parts" },
        { ["train", "--train", "{iris}", "--test", "{iris}", "--test-fraction", "0.5"], "--test", "one or the other" },
        { ["train", "--train", "{iris}", "--save-on-interrupt"], "--save-on-interrupt", "needs --save" },
        { ["train", "--train", "{iris}", "--optimizer", "lbfgs"], "--optimizer", "sgd|momentum|nesterov|adam|adamw" },
        { ["train", "--train", "{iris}", "--normalize", "robust"], "--normalize", "zscore|minmax|none" },
        { ["train", "--train", "{iris}", "--activation", "softmax"], "--activation", "output layer only" },
        { ["train", "--train", "{iris}", "--seed", "-1"], "--seed", "from 0 to 18,446,744,073,709,551,615" },
        { ["train", "--train", "{iris}", "--lr", "fast"], "--lr", "a number" },
        { ["train", "--train", "{iris}", "--batch", "x", "--epochs", "y"], "--batch", "--epochs" },
        { ["train", "--train", "{iris}", "--target", "petal_width,,sepal_width"], "--target", "item 2 is empty" },
        { ["train", "--train", "{iris}", "--target", ""], "--target", "column names or 0-based indices" },
        { ["train", "--train", "{iris}", "--target", "petal_width,petal_width"], "--target", "'petal_width' twice" },
        { ["train", "--train", "{iris}", "--target", "petal_width", "--label", "species"], "--target", "--label is for classification" },
        { ["train", "--train", "{iris}", "--target", "petal_width", "--train-labels", "{iris}"], "--target", "--train-labels is for classification" },
        { ["train", "--train", "{iris}", "--target", "petal_width", "--loss", "cross-entropy"], "--loss", "with --target use mse or half-sse" },
        { ["train", "--train", "{iris}", "--target", "petal_width", "--loss", "binary-cross-entropy"], "--loss", "with --target use mse or half-sse" },
        { ["train", "--train", "{iris}", "--target", "petal_width", "--output-activation", "softmax"], "--output-activation", "with --target use identity" },
        { ["train", "--train", "{iris}", "--standardize-targets"], "--standardize-targets", "needs --target" },
        { ["train", "--train", "{idx}", "--target", "0"], "--target", "--target is for CSV data" },
        { ["evaluate", "--model", "{iris}", "--data", "{iris}", "--target", "0,0"], "--target", "'0' twice" },
        { ["evaluate", "--model", "{iris}", "--data", "{iris}", "--target", "0", "--label", "species"], "--target", "give one or the other" },
        { ["demo", "iris", "--epochs", "2000000"], "--epochs", "0 to 1,000,000" },
        { ["demo", "iris", "--hidden", "0"], "--hidden", "1 to 16,777,215" },
        { ["demo", "iris", "--hidden", "2147483647"], "--hidden", "1 to 16,777,215" },
        { ["demo", "iris", "--lr", "NaN"], "--lr", "finite rate >= 0" },
        { ["demo", "worked-example", "--iterations", "0"], "--iterations", "1 to 100,000,000" },
        { ["demo", "worked-example", "--iterations", "2147483647"], "--iterations", "1 to 100,000,000" },
        { ["gradcheck", "--batch", "0"], "--batch", "1 to 64" },
        { ["gradcheck", "--batch", "100000"], "--batch", "1 to 64" },
        { ["gradcheck", "--layers", "3,100000,2"], "--layers", "expected at most 2E+10" },
        { ["predict", "--model", "{iris}", "--input", "{iris}", "--output", "/"], "--output", "expected a file path" },
        { ["predict", "--model", "{iris}", "--input", "{iris}", "--output", "{temp}/missing/out.csv"], "--output", "does not exist" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void OutOfRange_ExitsWithTwo_InOneLineNamingTheOptionAndTheRange(string[] args, string option, string range)
    {
        string one = temp.Write("one.csv", "a,b,label\n1,2,x\n");
        string iris = Path.Combine(AppContext.BaseDirectory, "data", "iris.csv");
        string idx = temp.Write("images-idx3-ubyte", Data.IdxFiles.Images(2, 1, 1, [0, 255]));
        string[] resolved = args.Select(a => a.Replace("{iris}", iris).Replace("{one}", one).Replace("{temp}", temp.Path).Replace("{idx}", idx)).ToArray();

        VectorNNProgram.Result r = VectorNNProgram.Run(resolved);

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("", r.Stdout);
        string[] lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, r.ToString());
        Assert.StartsWith("vectornn: ", lines[0]);
        Assert.Contains(option, lines[0]);
        Assert.Contains(range, lines[0]);
        Assert.DoesNotContain(InternalErrorWording, lines[0]);
    }
}
