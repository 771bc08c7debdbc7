using System.CommandLine;
using VectorNN.Cli.Output;
using VectorNN.IO;
using VectorNN.Quantization;

namespace VectorNN.Cli.Commands;

/// <summary><c>quantize</c>: a saved float model as an int8 model file that <c>predict</c> and <c>evaluate</c> run as they run any model.</summary>
internal static class QuantizeCommand
{
    private static readonly Option<string> Save = new("--save") { Description = "Write the int8 model (safetensors: I8 weights, F32 row scales) here.", Required = true };

    public static Command Create()
    {
        var command = new Command("quantize", "Quantize a saved model to int8: weights per output row, activations per sample at run time.") { ModelCommand.Model, Save };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult result)
    {
        string modelPath = result.GetValue(ModelCommand.Model)!;
        string savePath = result.GetValue(Save)!;
        if (QuantizedModelFile.TryLoad(modelPath, out _))
        {
            throw new ModelFormatException(modelPath, "the model is already int8; quantize takes a float model");
        }

        LoadedModel model = ModelFile.Load(modelPath);
        QuantizedNetwork network = model.Precision == ModelPrecision.Double ? Quantizer.Quantize(model.AsDouble()) : Quantizer.Quantize(model.AsSingle());
        QuantizedModelFile.Save(savePath, network, model.Metadata);
        long before = new FileInfo(modelPath).Length, after = new FileInfo(savePath).Length;
        if (result.GetValue(GlobalOptions.Json))
        {
            using var report = new JsonReport();
            report.String("model", modelPath).String("save", savePath).Number("model_bytes", before).Number("saved_bytes", after);
            report.Print();
        }
        else
        {
            Terminal.Line($"{savePath}: int8 model of layers {string.Join(',', model.LayerWidths)}, {after:N0} bytes (the float model: {before:N0})");
        }

        return ExitCodes.Success;
    }
}
