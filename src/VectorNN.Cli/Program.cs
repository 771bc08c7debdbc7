using System.CommandLine;
using System.CommandLine.Parsing;
using VectorNN.Cli;
using VectorNN.Cli.Commands;
using VectorNN.Cli.Launch;
using VectorNN.Data;
using VectorNN.IO;
using VectorNN.Onnx;
using VectorNN.Training;

LevelLauncher.RunFastestBuild(args);

var root = new RootCommand("VectorNN: train and run multi-layer perceptrons with exact, SIMD-vectorized back-propagation.");
root.Options.Add(GlobalOptions.Json);
root.Options.Add(GlobalOptions.MaxInputBytes);
root.Options.Add(GlobalOptions.MaxLineLength);
Command demo = DemoCommands.Create();
root.Subcommands.Add(demo);
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(EvaluateCommand.Create());
root.Subcommands.Add(PredictCommand.Create());
root.Subcommands.Add(GradcheckCommand.Create());
root.Subcommands.Add(QuantizeCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(ImportCommand.Create());

// With no arguments the program runs the Iris demo with its defaults.
root.SetAction(result => DemoCommands.RunIris(result, useDefaults: true));

ParseResult parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (ParseError error in parsed.Errors)
    {
        Console.Error.WriteLine($"vectornn: {error.Message}");
    }

    return ExitCodes.BadUsage;
}

try
{
    DataSource.Limits = GlobalOptions.Limits(parsed);
    return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (UsageException e)
{
    Console.Error.WriteLine($"vectornn: {e.Message}");
    return ExitCodes.BadUsage;
}
catch (Exception e) when (e is DataFormatException or ModelFormatException or OnnxFormatException or TrainingDivergedException
                              or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"vectornn: {e.Message}");
    return ExitCodes.BadData;
}
catch (Exception e)
{
    // A failure the commands do not anticipate still ends in one line, not a stack trace.
    Console.Error.WriteLine($"vectornn: unexpected {e.GetType().Name}: {e.Message}");
    return ExitCodes.BadData;
}
