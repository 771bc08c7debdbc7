using System.CommandLine;
using System.CommandLine.Invocation;

namespace VectorNN.Cli.Output;

/// <summary><c>--help</c> as System.CommandLine prints it, followed by command lines to start from.</summary>
internal sealed class HelpWithExamples(SynchronousCommandLineAction help) : SynchronousCommandLineAction
{
    // By command name; the root command's examples are under "". Paths are those of a clone of the repository.
    private static readonly Dictionary<string, string[]> Examples = new()
    {
        [""] =
        [
            "vectornn train --train data/iris-train.csv --test data/iris-test.csv --save iris.safetensors",
            "vectornn evaluate --model iris.safetensors --data data/iris-test.csv",
            "vectornn predict --model iris.safetensors --input data/iris-test.csv",
            "vectornn train --train data/diabetes-train.csv --test data/diabetes-test.csv --target progression --standardize-targets",
        ],
        ["train"] =
        [
            "vectornn train --train data/iris-train.csv --test data/iris-test.csv",
            "vectornn train --train data/iris-train.csv --test data/iris-test.csv --layers 4,16,3 --activation tanh --lr 0.01 --epochs 40 --save iris.safetensors --plot iris.png",
            "vectornn train --train data/diabetes-train.csv --test data/diabetes-test.csv --target progression --standardize-targets --save diabetes.safetensors",
            "vectornn train --train data/iris-train.csv --init iris.safetensors --epochs 20 --save iris.safetensors",
        ],
        ["cv"] =
        [
            "vectornn cv --train data/iris.csv --folds 5",
            "vectornn cv --train data/diabetes.csv --target progression --standardize-targets --folds 10 --json",
        ],
        ["evaluate"] = ["vectornn evaluate --model iris.safetensors --data data/iris-test.csv", "vectornn evaluate --model diabetes.safetensors --data data/diabetes-test.csv --json"],
        ["predict"] = ["vectornn predict --model iris.safetensors --input data/iris-test.csv --output predictions.csv"],
    };

    /// <summary>Help exits at once, whatever else the command line lacks (a required option).</summary>
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        int exitCode = help.Invoke(parseResult);
        Command command = parseResult.CommandResult.Command;
        if (Examples.TryGetValue(command is RootCommand ? "" : command.Name, out string[]? lines))
        {
            Console.Out.WriteLine("Examples:");
            foreach (string line in lines)
            {
                Console.Out.WriteLine("  " + line);
            }

            Console.Out.WriteLine();
        }

        return exitCode;
    }
}
