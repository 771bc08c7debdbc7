using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace VectorNN.Tests.Testing;

/// <summary>
/// The README's example of the VectorNN.Testing package, as written there (the class body between the markers), and
/// the proof that its check fails on a wrong derivative.
/// </summary>
public sealed class LogCoshLossTests
{
    // README example: begin
    private static double Loss(double[] e) => e.Sum(v => Math.Log(Math.Cosh(v)));   // my loss of the errors e = o - t
    private static double[] Gradient(double[] e) => [.. e.Select(Math.Tanh)];         // my backward pass

    [Property]
    public Property Gradient_MatchesCentralDifferences() =>
        Prop.ForAll(Shapes.PositiveDimension(40).SelectMany(Values.Array).ToArbitrary(), e =>
        {
            // One evaluation: n terms within 6 roundings (cosh, log) of max(1, term) each, summed: gamma_(n+6) of that.
            double rounding = ErrorBound.Gamma(e.Length + 6, ErrorBound.DoubleUnit) * e.Sum(v => Math.Max(1, Loss([v])));
            Compare.Gradients(Gradient(e), FiniteDifference.Gradient(Loss, e), FiniteDifference.DifferenceError(rounding));
        });
    // README example: end

    [Fact]
    public void TheReadme_ShowsThisExampleAsWritten()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "VectorNN.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("No VectorNN.sln above the test output.");
        }

        string source = File.ReadAllText(Path.Combine(root, "tests", "VectorNN.Tests", "Testing", "LogCoshLossTests.cs")).ReplaceLineEndings("\n");
        string example = source.Split("    // README example: begin\n")[1].Split("    // README example: end\n")[0];
        Assert.Contains("{\n" + example + "}\n```", File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void TheExampleCheck_FailsOnADerivativeOffByOnePartInTenThousand()
    {
        // 1e-4 relative is 100 times the 1e-6 asked for, and 1e-4 * tanh(0.75) ~ 6e-5 is far above the difference's
        // rounding bound here (gamma_9 * 3 / 1e-6 ~ 3e-9): only the one wrong component fails.
        double[] e = [0.75, -2.5, 0.0];
        double[] wrong = Gradient(e);
        wrong[0] *= 1 + 1e-4;
        double rounding = ErrorBound.Gamma(e.Length + 6, ErrorBound.DoubleUnit) * e.Sum(v => Math.Max(1, Loss([v])));
        double[] numeric = FiniteDifference.Gradient(Loss, e);

        Compare.Gradients(Gradient(e), numeric, FiniteDifference.DifferenceError(rounding));
        CheckFailedException failure = Assert.Throws<CheckFailedException>(
            () => Compare.Gradients(wrong, numeric, FiniteDifference.DifferenceError(rounding)));
        Assert.StartsWith("gradient 0:", failure.Message);
    }
}
