using System.CommandLine;
using VectorNN.Cli.Output;
using VectorNN.IO;
using VectorNN.Onnx;

namespace VectorNN.Cli.Commands;

/// <summary><c>import</c>: an ONNX multi-layer perceptron (from PyTorch, Keras or VectorNN) saved as a VectorNN model file.</summary>
internal static class ImportCommand
{
    private static readonly Option<string> Onnx = new("--onnx") { Description = "The ONNX model to read.", Required = true };
    private static readonly Option<string> Save = new("--save") { Description = "The model file to write (replaced atomically).", Required = true };

    public static Command Create()
    {
        var command = new Command("import", "Read an ONNX multi-layer perceptron and save it as a VectorNN model file.") { Onnx, Save };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult result)
    {
        string source = result.GetValue(Onnx)!, target = result.GetValue(Save)!;
        OnnxModel model = OnnxFile.Load(source);
        if (model.Precision == ModelPrecision.Double)
        {
            ModelFile.Save(target, model.AsDouble(), model.Metadata);
        }
        else
        {
            ModelFile.Save(target, model.AsSingle(), model.Metadata);
        }

        string layers = string.Join(",", model.LayerWidths);
        string activations = string.Join(",", model.Activations.Select(Names.Of));
        if (result.GetValue(GlobalOptions.Json))
        {
            using var report = new JsonReport();
            report.String("model", target).String("layers", layers).String("activations", activations)
                .Number("parameters", model.ParameterCount);
            report.Writer.WriteBoolean("log_softmax_output", model.LogSoftmaxOutput);
            report.Print();
        }
        else
        {
            Terminal.Line($"Wrote {target}: layers {layers}, activations {activations}, {model.ParameterCount} parameters ({model.Precision}).");
            if (model.LogSoftmaxOutput)
            {
                Terminal.Line("The ONNX model ends in LogSoftmax: this model outputs the class probabilities (their exponentials), with the same predicted class.");
            }
        }

        return ExitCodes.Success;
    }
}
