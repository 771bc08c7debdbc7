using System.CommandLine;
using System.Globalization;
using System.Numerics;
using VectorNN.Cli.Output;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Quantization;

namespace VectorNN.Cli.Commands;

/// <summary>
/// <c>summary</c>: a model's layers (shape, activation, parameters, FLOP per sample), totals, loss, normalization, class
/// names, element type and whether its checksums verify; exit 1 when they do not.
/// </summary>
internal static class SummaryCommand
{
    /// <summary>The counting convention, printed with the figures it explains.</summary>
    private const string Convention = "FLOP per sample: 2 per multiply-add of the matrix products (forward; a training step adds the weight gradients and the input gradient of every layer but the first); bias, activations, loss and update not counted";

    public static Command Create()
    {
        var command = new Command("summary", "A model's layers, parameters, FLOP per sample, normalization, classes, element type and checksum.") { ModelCommand.Model };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult result)
    {
        string path = result.GetValue(ModelCommand.Model)!;
        bool json = result.GetValue(GlobalOptions.Json);

        // An ONNX file carries no checksum: it is loaded as the other commands load it. A model file is read from its
        // header, so that a file whose checksums fail is still described.
        ModelSummary summary = path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)
            ? Loaded(path)
            : ModelSummary.Read(path);
        Print(summary, path, json);
        if (summary.ChecksumVerified == false)
        {
            Console.Error.WriteLine($"vectornn: {summary.ChecksumError}");
            return ExitCodes.BadData;
        }

        return ExitCodes.Success;
    }

    private static ModelSummary Loaded(string path)
    {
        var action = new SummaryAction();
        ModelLoader.Run(path, action);
        return action.Summary!;
    }

    private static void Print(ModelSummary s, string path, bool json)
    {
        if (json)
        {
            using var report = new JsonReport();
            report.String("model", path).String("dtype", s.DType).String("loss", Names.Of(s.Loss));
            report.Number("inputs", s.InputCount).Number("outputs", s.OutputCount).Number("parameters", s.ParameterCount);
            report.Number("inference_flop_per_sample", s.InferenceFlopPerSample).Number("training_flop_per_sample", s.TrainingFlopPerSample).String("flop_convention", Convention);
            System.Text.Json.Utf8JsonWriter w = report.Writer;
            w.WriteStartArray("layers");
            foreach (LayerSummary l in s.Layers)
            {
                w.WriteStartObject();
                w.WriteNumber("layer", l.Index);
                w.WriteNumber("inputs", l.Inputs);
                w.WriteNumber("outputs", l.Outputs);
                w.WriteString("activation", Names.Of(l.Activation));
                w.WriteNumber("parameters", l.Parameters);
                w.WriteNumber("inference_flop", l.InferenceFlop);
                w.WriteNumber("training_flop", l.TrainingFlop);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (s.Normalization is { } n)
            {
                w.WriteStartObject("normalization");
                w.WriteString("method", MethodName(n));
                w.WriteNumber("features", n.FeatureCount);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("normalization");
            }

            if (s.Classes is { } classes)
            {
                w.WriteStartArray("classes");
                foreach (string c in classes)
                {
                    w.WriteStringValue(c);
                }

                w.WriteEndArray();
            }
            else
            {
                w.WriteNull("classes");
            }

            if (s.ChecksumVerified is bool verified)
            {
                w.WriteBoolean("checksum_verified", verified);
            }
            else
            {
                w.WriteNull("checksum_verified");
            }

            if (s.ChecksumError is string error)
            {
                w.WriteString("checksum_error", error);
            }

            report.Print();
            return;
        }

        Terminal.Heading($"{path}: {s.DType}, {s.InputCount} inputs, {s.OutputCount} outputs, loss {Names.Of(s.Loss)}");
        var rows = s.Layers.Select(l => (IReadOnlyList<string>)[
            Text(l.Index), $"{Text(l.Inputs)} -> {Text(l.Outputs)}", Names.Of(l.Activation), Text(l.Parameters), Text(l.InferenceFlop), Text(l.TrainingFlop)]).ToList();
        rows.Add(["total", "", "", Text(s.ParameterCount), Text(s.InferenceFlopPerSample), Text(s.TrainingFlopPerSample)]);
        Terminal.Table(["layer", "shape", "activation", "parameters", "FLOP infer", "FLOP train"], rows);
        Terminal.Line(Convention);
        Terminal.Line(s.Normalization is { Method: not VectorNN.Data.NormalizationMethod.None } norm ? $"normalization: {MethodName(norm)} over {norm.FeatureCount} features" : "normalization: none");
        Terminal.Line(s.Classes is { } names ? $"classes ({names.Count}): {string.Join(", ", names)}" : "classes: none stored");
        Terminal.Line(s.ChecksumVerified switch
        {
            true => "checksum: verified (sha256 of the weights, metadata_sha256 of the header)",
            false => $"checksum: FAILS ({s.ChecksumError})",
            null => "checksum: none (ONNX files carry no checksum)",
        });
    }

    private static string MethodName(VectorNN.Data.Normalization normalization) => normalization.Method.ToString().ToLowerInvariant();

    private static string Text(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The summary of a model loaded in whichever precision it holds.</summary>
    private sealed class SummaryAction : IModelAction
    {
        public ModelSummary? Summary { get; private set; }

        public int Run<T>(Network<T> network, ModelMetadata metadata)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            Summary = ModelSummary.Of(network, metadata);
            return ExitCodes.Success;
        }

        public int Run(QuantizedNetwork network, ModelMetadata metadata)
        {
            Summary = ModelSummary.Of(network, metadata);
            return ExitCodes.Success;
        }
    }
}
