using System.CommandLine;
using VectorNN.Cli;
using VectorNN.Cli.Commands;
using VectorNN.Cli.Output;

var root = new RootCommand("VectorNN: train and run multi-layer perceptrons with exact, SIMD-vectorized back-propagation.");
root.Options.Add(GlobalOptions.Json);
Command demo = DemoCommands.Create();
root.Subcommands.Add(demo);
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(EvaluateCommand.Create());
root.Subcommands.Add(PredictCommand.Create());
root.Subcommands.Add(GradcheckCommand.Create());
root.Subcommands.Add(BenchCommand.Create());

// With no arguments the program runs the Iris demo with its defaults.
root.SetAction(result => DemoCommands.RunIris(result, useDefaults: true));

ParseResult parsed = root.Parse(args);
bool json = parsed.GetResult(GlobalOptions.Json) is { Implicit: false };
if (parsed.Errors.Count > 0)
{
    // Every parse error in one line.
    return new ErrorReport(ExitCodes.BadUsage, string.Join(" ", parsed.Errors.Select(e => OptionParsing.Readable(e.Message)))).Print(json);
}

try
{
    return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    // ErrorReport.From maps every failure the commands anticipate to its exit code; anything else is reported as a bug,
    // still in one line rather than a stack trace.
    return ErrorReport.From(e).Print(json);
}
