using System.CommandLine;
using System.Globalization;
using VectorNN.Cli.Output;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Training;

namespace VectorNN.Cli.Commands;

/// <summary>
/// <c>gradcheck</c>: builds a random double network, compares back-propagation with central differences, prints the
/// largest relative error per layer, and fails (exit 1) above 1e-6. With <c>--model</c> and <c>--data</c>, checks a
/// stored model on the user's samples instead (<see cref="ModelGradcheck"/>).
/// </summary>
internal static class GradcheckCommand
{
    /// <summary>The largest relative error that passes.</summary>
    internal const double Threshold = 1e-6;

    // Central differences take two forward passes per parameter, each about batch x parameters multiply-adds: the
    // work grows with the square of the network's size. 2e10 multiply-adds take a few seconds to a minute here.
    private const double MaxWork = 2e10;
    private const int MaxBatch = 64;

    private static readonly Option<string> LayersOption = new("--layers") { Description = "Widths, input first; at most 2e10 multiply-adds of central differences (2 x parameters^2 x batch).", DefaultValueFactory = _ => "4,8,8,3" };

    private static readonly Option<string> ActivationOption = new("--activation") { Description = $"Hidden activation: {string.Join("|", Names.Activations.Where(a => a != "softmax"))}.", DefaultValueFactory = _ => "tanh" };
    private static readonly Option<string> LossOption = new("--loss") { Description = $"Loss: {string.Join("|", Names.Losses)}.", DefaultValueFactory = _ => "cross-entropy" };
    private static readonly Option<ulong> SeedOption = new("--seed") { Description = "Seed of the weights and data.", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> BatchOption = new("--batch") { Description = "Samples in the batch, 1 to 64.", DefaultValueFactory = _ => 4 };

    public static Command Create()
    {
        var command = new Command("gradcheck", "Compare back-propagation with central finite differences on a random double network, or (--model, --data) a stored model on your samples.");
        command.Options.Add(LayersOption);
        command.Options.Add(ActivationOption);
        command.Options.Add(LossOption);
        command.Options.Add(SeedOption);
        command.Options.Add(BatchOption);
        foreach (Option option in ModelGradcheck.Options)
        {
            command.Options.Add(option);
        }

        command.SetAction(result => ModelGradcheck.IsRequested(result)
            ? ModelGradcheck.Run(result, [LayersOption, ActivationOption, BatchOption], LossOption, SeedOption)
            : Run(result));
        return command;
    }

    private static int Run(ParseResult result)
    {
        bool json = result.GetValue(GlobalOptions.Json);
        int[] widths = OptionParsing.Layers(result.GetValue(LayersOption)!);
        Activation hidden = OptionParsing.Activation(result.GetValue(ActivationOption)!, "--activation");
        if (hidden == Activation.Softmax)
        {
            throw new UsageException("--activation: softmax is for the output layer only; the loss chooses the output.");
        }

        Loss loss = OptionParsing.Loss(result.GetValue(LossOption)!);
        ulong seed = result.GetValue(SeedOption);
        int batch = OptionParsing.InRange(result.GetValue(BatchOption), "--batch", 1, MaxBatch);
        RequireFeasible(widths, batch);
        var specs = new LayerSpec[widths.Length - 1];
        for (int i = 0; i < specs.Length; i++)
        {
            specs[i] = new LayerSpec(widths[i + 1], i == specs.Length - 1 ? OptionParsing.OutputFor(loss) : hidden);
        }

        var network = new Network<double>(widths[0], specs);
        network.Initialize(new WeightInit.Glorot(), seed);
        (double[] inputs, double[] targets) = SyntheticBatch.Of<double>(loss, batch, widths[0], widths[^1], seed);
        IReadOnlyList<LayerGradientError> errors = GradientCheck.Run(network, loss, inputs, targets, batch);
        double worst = errors.Max(e => double.IsNaN(e.MaxRelativeError) ? double.PositiveInfinity : e.MaxRelativeError);
        bool passed = worst <= Threshold;

        if (json)
        {
            using var report = new JsonReport();
            report.Integers("layers", widths).String("loss", Names.Of(loss)).Number("seed", seed);
            report.Numbers("max_relative_error_per_layer", errors.Select(e => e.MaxRelativeError));
            report.Number("threshold", Threshold).Writer.WriteBoolean("passed", passed);
            report.Print();
        }
        else
        {
            Terminal.Heading($"Gradient check: {string.Join("-", widths)}, {Names.Of(hidden)} hidden, {Names.Of(loss)}, batch {batch}, seed {seed}");
            Terminal.Table(
                ["layer", "max relative error", "parameter", "back-propagation", "finite difference"],
                errors.Select(e => (IReadOnlyList<string>)[e.Layer.ToString(CultureInfo.InvariantCulture), e.MaxRelativeError.ToString("E2", CultureInfo.InvariantCulture), e.ParameterIndex.ToString(CultureInfo.InvariantCulture), e.Backpropagated.ToString("R", CultureInfo.InvariantCulture), e.Numeric.ToString("R", CultureInfo.InvariantCulture)]));
            Terminal.Line(passed ? $"passed: every layer within {Threshold:E0}" : $"FAILED: {worst:E2} > {Threshold:E0}");
        }

        return passed ? ExitCodes.Success : ExitCodes.BadData;
    }

    /// <summary>Refuses a check whose central differences would take hours (or whose network would not fit in memory).</summary>
    private static void RequireFeasible(int[] widths, int batch)
    {
        double parameters = 0;
        for (int i = 1; i < widths.Length; i++)
        {
            parameters += ((double)widths[i - 1] + 1) * widths[i];
        }

        double work = 2 * parameters * parameters * batch;
        if (work > MaxWork)
        {
            throw new UsageException(
                $"--layers {string.Join(",", widths)} --batch {batch}: {parameters:F0} parameters need 2 x parameters forward passes of batch x parameters multiply-adds, {work:G3} in all; expected at most {MaxWork:G2} (for example at most {Math.Floor(Math.Sqrt(MaxWork / (2.0 * batch))):F0} parameters at batch {batch}). Check a smaller network of the same shape: gradients do not depend on width.");
        }
    }
}
