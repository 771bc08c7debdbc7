using System.CommandLine;
using VectorNN.Cli.Output;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Onnx;

namespace VectorNN.Cli.Commands;

/// <summary>
/// <c>import</c>: an ONNX multi-layer perceptron (from PyTorch, Keras or VectorNN), or a PyTorch <c>state_dict</c> of
/// linear layers saved as safetensors, saved as a VectorNN model file.
/// </summary>
internal static class ImportCommand
{
    private static readonly Option<string?> Onnx = new("--onnx") { Description = "The ONNX model to read." };
    private static readonly Option<string?> StateDict = new("--safetensors") { Description = "A PyTorch state_dict of nn.Linear layers saved with safetensors." };
    private static readonly Option<string?> Activations = new("--activations")
    {
        Description = $"With --safetensors: one activation per layer, comma-separated ({string.Join("|", Names.Activations)}), e.g. relu,relu,softmax.",
    };

    private static readonly Option<string?> Order = new("--order")
    {
        Description = "With --safetensors: the layer prefixes in forward order, e.g. fc1,hidden.0,out (default: natural order of the names).",
    };

    private static readonly Option<string?> LossOption = new("--loss")
    {
        Description = "With --safetensors: the loss to store (default: cross-entropy for softmax, binary-cross-entropy for logistic, else mse).",
    };

    private static readonly Option<string> Save = new("--save") { Description = "The model file to write (replaced atomically).", Required = true };

    public static Command Create()
    {
        var command = new Command("import", "Read an ONNX multi-layer perceptron or a PyTorch safetensors state_dict and save it as a VectorNN model file.")
        {
            Onnx, StateDict, Activations, Order, LossOption, Save,
        };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult result)
    {
        string? onnx = result.GetValue(Onnx), stateDict = result.GetValue(StateDict);
        if ((onnx is null) == (stateDict is null))
        {
            throw new UsageException("import: expected exactly one of --onnx and --safetensors.");
        }

        string target = result.GetValue(Save)!;
        if (onnx is not null)
        {
            if (result.GetValue(Activations) is not null || result.GetValue(Order) is not null || result.GetValue(LossOption) is not null)
            {
                throw new UsageException("--activations, --order and --loss apply to --safetensors only: an ONNX model names its own.");
            }

            OnnxModel model = OnnxFile.Load(onnx);
            SaveAs(target, model.Precision, model.AsSingle, model.AsDouble, model.Metadata);
            Report(result, target, model.LayerWidths, model.Activations, model.ParameterCount, model.Precision, model.LogSoftmaxOutput);
        }
        else
        {
            LoadedModel model = LoadStateDict(result, stateDict!);
            SaveAs(target, model.Precision, model.AsSingle, model.AsDouble, model.Metadata);
            Report(result, target, model.LayerWidths, model.Activations, model.ParameterCount, model.Precision, logSoftmaxOutput: false);
        }

        return ExitCodes.Success;
    }

    /// <summary>Saves the network in the precision the source stored it in.</summary>
    private static void SaveAs(string target, ModelPrecision precision, Func<Network<float>> single, Func<Network<double>> @double, ModelMetadata metadata)
    {
        if (precision == ModelPrecision.Double)
        {
            ModelFile.Save(target, @double(), metadata);
        }
        else
        {
            ModelFile.Save(target, single(), metadata);
        }
    }

    private static LoadedModel LoadStateDict(ParseResult result, string path)
    {
        string activationsText = result.GetValue(Activations)
            ?? throw new UsageException("--activations: required with --safetensors (one per layer, e.g. relu,relu,softmax): a state_dict stores no activations.");
        Activation[] activations = [.. activationsText.Split(',', StringSplitOptions.TrimEntries).Select(a => OptionParsing.Activation(a, "--activations"))];
        string[]? order = result.GetValue(Order)?.Split(',', StringSplitOptions.TrimEntries);
        Loss? loss = result.GetValue(LossOption) is { } lossText ? OptionParsing.Loss(lossText) : null;
        try
        {
            return StateDictImport.Load(path, activations, order, loss);
        }
        catch (ArgumentException e) when (e is not ArgumentNullException)
        {
            // Only the option values are checked this way (the file's problems are ModelFormatExceptions).
            string option = e.ParamName switch { "order" => "--order", "loss" => "--loss", _ => "--activations" };
            throw new UsageException($"{option}: {e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal)}");
        }
    }

    private static void Report(
        ParseResult result, string target, IReadOnlyList<int> widths, IReadOnlyList<Activation> activations, int parameterCount, ModelPrecision precision, bool logSoftmaxOutput)
    {
        string names = string.Join(",", activations.Select(Names.Of));
        if (result.GetValue(GlobalOptions.Json))
        {
            using var report = new JsonReport();
            report.String("model", target).Integers("layers", widths).String("activations", names).Number("parameters", parameterCount);
            report.Writer.WriteBoolean("log_softmax_output", logSoftmaxOutput);
            report.Print();
        }
        else
        {
            Terminal.Line($"Wrote {target}: layers {string.Join(",", widths)}, activations {names}, {parameterCount} parameters ({precision}).");
            if (logSoftmaxOutput)
            {
                Terminal.Line("The ONNX model ends in LogSoftmax: this model outputs the class probabilities (their exponentials), with the same predicted class.");
            }
        }
    }
}
