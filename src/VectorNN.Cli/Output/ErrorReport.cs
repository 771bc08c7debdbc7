using System.Text;
using System.Text.Json;
using VectorNN.Data;
using VectorNN.IO;
using VectorNN.Onnx;
using VectorNN.Training;

namespace VectorNN.Cli.Output;

/// <summary>
/// How a command that failed reports it: always one line on stderr, and with <c>--json</c> also exactly one object on
/// stdout, <c>{"error": {"message", "exit_code", and where known "option", "file", "line", "column", "epoch", "batch",
/// "layer"}}</c>.
/// </summary>
internal sealed record ErrorReport(int ExitCode, string Message)
{
    /// <summary>The wording of the last line of defence, an exception no command anticipates.</summary>
    public const string InternalErrorWording = "internal error (a bug in vectornn; please report it with the command line that caused it)";

    public string? Option { get; init; }

    public string? File { get; init; }

    public int Line { get; init; }

    public int Column { get; init; }

    public TrainingDivergedException? Divergence { get; init; }

    /// <summary>The report for an exception a command threw: its exit code and what is known of where it happened.</summary>
    public static ErrorReport From(Exception e) => e switch
    {
        UsageException u => new ErrorReport(ExitCodes.BadUsage, u.Message) { Option = u.Option },
        InterruptedBySignalException i => new ErrorReport(i.ExitCode, i.Message),
        DataFormatException d => new ErrorReport(ExitCodes.BadData, d.Message) { File = d.Path, Line = d.Line, Column = d.Column },
        ModelFormatException m => new ErrorReport(ExitCodes.BadData, m.Message) { File = m.Path },
        OnnxFormatException o => new ErrorReport(ExitCodes.BadData, o.Message) { File = o.Path },
        FileNotFoundException f => new ErrorReport(ExitCodes.BadData, f.Message) { File = f.FileName },
        TrainingDivergedException t => new ErrorReport(ExitCodes.BadData, t.Message) { Divergence = t },
        IOException or UnauthorizedAccessException => new ErrorReport(ExitCodes.BadData, e.Message),
        _ => new ErrorReport(ExitCodes.BadData, $"{InternalErrorWording}: {e.GetType().Name}: {e.Message}"),
    };

    /// <summary>Writes the report and returns its exit code.</summary>
    public int Print(bool json)
    {
        // One line, whatever the message holds (some runtime messages add a second line).
        string line = Message.ReplaceLineEndings(" ");
        Console.Error.WriteLine($"vectornn: {line}");
        if (json)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteStartObject("error");
                writer.WriteString("message", line);
                writer.WriteNumber("exit_code", ExitCode);
                WriteIfKnown(writer, "option", Option);
                WriteIfKnown(writer, "file", File);
                WriteIfKnown(writer, "line", Line);
                WriteIfKnown(writer, "column", Column);
                if (Divergence is TrainingDivergedException d)
                {
                    writer.WriteNumber("epoch", d.Epoch);
                    writer.WriteNumber("batch", d.Batch);
                    writer.WriteNumber("layer", d.Layer);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            Console.Out.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        }

        return ExitCode;
    }

    private static void WriteIfKnown(Utf8JsonWriter writer, string key, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(key, value);
        }
    }

    private static void WriteIfKnown(Utf8JsonWriter writer, string key, int value)
    {
        if (value > 0)
        {
            writer.WriteNumber(key, value);
        }
    }
}
