namespace VectorNN.Cli;

/// <summary>
/// A command line that parses but asks for something impossible (exit code 2). The message starts with the option it
/// concerns (<c>--lr: expected ...</c>), which <c>--json</c> errors report as <c>option</c>.
/// </summary>
internal sealed class UsageException(string message) : Exception(message)
{
    /// <summary>The option the message starts with, or null when it starts otherwise.</summary>
    public string? Option
    {
        get
        {
            if (!Message.StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }

            int end = Message.IndexOfAny([':', ' ']);
            return end < 0 ? Message : Message[..end];
        }
    }
}
