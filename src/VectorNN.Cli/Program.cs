using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using VectorNN.Cli;
using VectorNN.Cli.Commands;
using VectorNN.Cli.Launch;
using VectorNN.Cli.Output;
using VectorNN.Data;

LevelLauncher.RunFastestBuild(args);

var root = new RootCommand("VectorNN: train and run multi-layer perceptrons with exact, SIMD-vectorized back-propagation.");
root.Options.Add(GlobalOptions.Json);
root.Options.Add(GlobalOptions.MaxInputBytes);
root.Options.Add(GlobalOptions.MaxLineLength);
Command demo = DemoCommands.Create();
root.Subcommands.Add(demo);
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(CvCommand.Create());
root.Subcommands.Add(EvaluateCommand.Create());
root.Subcommands.Add(PredictCommand.Create());
root.Subcommands.Add(GradcheckCommand.Create());
root.Subcommands.Add(QuantizeCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(SummaryCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(ImportCommand.Create());

// Help ends with examples to start from.
HelpOption help = root.Options.OfType<HelpOption>().Single();
help.Action = new HelpWithExamples((SynchronousCommandLineAction)help.Action!);

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
    DataSource.Limits = GlobalOptions.Limits(parsed);
    return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    // ErrorReport.From maps every failure the commands anticipate to its exit code; anything else is reported as a bug,
    // still in one line rather than a stack trace.
    return ErrorReport.From(e).Print(json);
}
