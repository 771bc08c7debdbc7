using System.Globalization;

namespace VectorNN.Peers;

/// <summary>A bad command line; Program prints the message and the usage, and exits 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>"--name value" options and "--flag" switches, nothing more.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string?> _values = [];

    public static Options Parse(string[] args, string[] valued, string[] flags)
    {
        var options = new Options();
        for (int i = 0; i < args.Length; i++)
        {
            if (flags.Contains(args[i]))
            {
                options._values[args[i]] = null;
            }
            else if (valued.Contains(args[i]) && i + 1 < args.Length)
            {
                options._values[args[i]] = args[++i];
            }
            else
            {
                throw new UsageException($"Unexpected argument '{args[i]}'.");
            }
        }

        return options;
    }

    public static int Positive(string text, string option) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= 1
            ? value
            : throw new UsageException($"{option}: expected a whole number >= 1, got '{text}'.");

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public bool Has(string name) => _values.ContainsKey(name);
}
