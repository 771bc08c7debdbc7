using System.CommandLine;
using VectorNN.Cli.Output;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Onnx;
using VectorNN.Quantization;

namespace VectorNN.Cli.Commands;

/// <summary><c>export</c>: a saved model as an ONNX model, with its normalization in the graph and its class names in the metadata.</summary>
internal static class ExportCommand
{
    private static readonly Option<string> Onnx = new("--onnx") { Description = "The ONNX file to write (replaced atomically).", Required = true };

    public static Command Create() => ModelCommand.Create(
        "export", "Write a saved model as an ONNX model that ONNX Runtime and other runtimes run.", [Onnx], result => new Action(result));

    private sealed class Action(ParseResult result) : IModelAction
    {
        public int Run<T>(Network<T> network, ModelMetadata metadata)
            where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        {
            string path = result.GetValue(Onnx)!;
            if (metadata.TargetNormalization is not null)
            {
                // The graph would give standardized outputs with nothing to say so: refused rather than silently wrong.
                throw new UsageException(
                    $"--onnx: {result.GetValue(ModelCommand.Model)} was trained on standardized targets, which the ONNX graph does not undo; export a model trained without --standardize-targets.");
            }

            OnnxFile.Save(path, network, metadata);
            if (result.GetValue(GlobalOptions.Json))
            {
                using var report = new JsonReport();
                report.String("onnx", path).Number("parameters", network.ParameterCount);
                report.Print();
            }
            else
            {
                Terminal.Line($"Wrote {path}: {network.Layers.Length} Gemm layers, {network.ParameterCount} parameters, input 'input' [batch, {network.InputCount}], output 'output' [batch, {network.OutputCount}].");
            }

            return ExitCodes.Success;
        }

        public int Run(QuantizedNetwork network, ModelMetadata metadata) =>
            throw new UsageException(
                $"{result.GetValue(ModelCommand.Model)}: an int8 model cannot be exported to ONNX; export the float model it was quantized from");
    }
}
