using System.CommandLine;

namespace VectorNN.Cli.Commands;

/// <summary>What the commands that run a saved model share: the <c>--model</c> option and the dispatch on its precision (float, double or int8).</summary>
internal static class ModelCommand
{
    public static readonly Option<string> Model = new("--model") { Description = "The model file (.safetensors), or an ONNX model (.onnx).", Required = true };

    /// <summary>
    /// A command that creates its action with <paramref name="action"/> (which checks the options), then loads
    /// <c>--model</c> and runs the action in the model's precision.
    /// </summary>
    public static Command Create(string name, string description, IEnumerable<Option> options, Func<ParseResult, IModelAction> action)
    {
        var command = new Command(name, description) { Model };
        foreach (Option option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(result =>
        {
            // The action checks its options when created: before the model is read.
            IModelAction checkedAction = action(result);
            return ModelLoader.Run(result.GetValue(Model)!, checkedAction);
        });
        return command;
    }
}
