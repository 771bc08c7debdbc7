using System.Globalization;
using VectorNN.Optim;

namespace VectorNN.Cli.Commands;

/// <summary>
/// <c>--lr-schedule NAME[:KEY=VALUE,...]</c>: the schedule's name, then its parameters, each at most once, in any order;
/// a parameter left out takes its default. Every value is checked against its range before any work.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>constant</c>: no parameters (the default: the rate is --lr throughout).</item>
/// <item><c>step:every=N,gamma=G</c>: times G every N epochs; N 1 to 1,000,000 (default 10), G in (0, 1] (default 0.1).</item>
/// <item><c>exp:gamma=G</c>: times G every epoch; G in (0, 1] (default 0.95).</item>
/// <item><c>cosine:epochs=N,min=M,warmup=W</c>: linear warm-up over W epochs (0 to N - 1, default 0), then cosine annealing
/// from --lr to M (0 to --lr, default 0) until epoch N (1 to 1,000,000; default the epoch the run ends at).</item>
/// <item><c>plateau:factor=F,patience=P,min=M,delta=D</c>: times F (in (0, 1), default 0.1), not below M (0 to --lr,
/// default 0), after P epochs (1 to 1,000,000, default 10) in which the validation loss (the training loss without
/// validation data) did not fall by more than D (finite and >= 0, default 0).</item>
/// </list>
/// </remarks>
internal static class ScheduleOption
{
    public const string Name = "--lr-schedule";
    public const string Schedules = "constant|step|exp|cosine|plateau";
    private const string Form = "NAME[:KEY=VALUE,...] such as step:every=10,gamma=0.5";

    /// <summary>
    /// Checks <paramref name="text"/> and returns what builds the schedule once the run's last epoch is known (null for
    /// constant).
    /// </summary>
    /// <param name="text">The option's value.</param>
    /// <param name="lr">The initial rate (--lr), the upper end of a minimum rate.</param>
    /// <param name="epochs">--epochs, which a warm-up must stay below when the cosine's length is not given.</param>
    public static Func<int, ILearningRateSchedule?> Parse(string text, double lr, int epochs)
    {
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string name = colon < 0 ? text : text[..colon];
        string[] keys = name switch
        {
            "constant" => [],
            "step" => ["every", "gamma"],
            "exp" => ["gamma"],
            "cosine" => ["epochs", "min", "warmup"],
            "plateau" => ["factor", "patience", "min", "delta"],
            _ => throw new UsageException($"{Name}: unknown schedule '{name}'; expected {Schedules}, in the form {Form}."),
        };
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (colon >= 0)
        {
            foreach (string item in text[(colon + 1)..].Split(','))
            {
                string[] pair = item.Split('=');
                if (pair.Length != 2 || pair[0].Length == 0 || pair[1].Length == 0)
                {
                    throw new UsageException($"{Name}: expected {Form}, got '{text}' (item '{item}').");
                }

                if (!keys.Contains(pair[0]))
                {
                    throw new UsageException(keys.Length == 0
                        ? $"{Name} {name}: takes no parameters, got '{pair[0]}'."
                        : $"{Name} {name}: unknown parameter '{pair[0]}'; expected {string.Join(", ", keys)}.");
                }

                if (!values.TryAdd(pair[0], pair[1]))
                {
                    throw new UsageException($"{Name} {name}: {pair[0]} given more than once.");
                }
            }
        }

        var reader = new Reader(name, values);
        string upToLr = $"a number from 0 to {lr.ToString("G", CultureInfo.InvariantCulture)} (--lr)";
        switch (name)
        {
            case "step":
                int every = reader.Whole("every", 10, 1);
                double stepGamma = reader.Number("gamma", 0.1, v => v is > 0 and <= 1, "a number in (0, 1]");
                return _ => new StepDecay(every, stepGamma);
            case "exp":
                double gamma = reader.Number("gamma", 0.95, v => v is > 0 and <= 1, "a number in (0, 1]");
                return _ => new ExponentialDecay(gamma);
            case "cosine":
                int? length = values.ContainsKey("epochs") ? reader.Whole("epochs", 0, 1) : null;
                double cosineMin = reader.Number("min", 0, v => v >= 0 && v <= lr, upToLr);
                int span = length ?? epochs;
                int warmup = (int)reader.Number("warmup", 0, v => v >= 0 && v < span && v == Math.Floor(v), $"a whole number from 0 to {span - 1}");
                return lastEpoch => new CosineAnnealing(length ?? Math.Max(lastEpoch, warmup + 1), cosineMin, warmup);
            case "plateau":
                double factor = reader.Number("factor", 0.1, v => v is > 0 and < 1, "a number in (0, 1)");
                int patience = reader.Whole("patience", 10, 1);
                double plateauMin = reader.Number("min", 0, v => v >= 0 && v <= lr, upToLr);
                double delta = reader.Number("delta", 0, v => double.IsFinite(v) && v >= 0, "a number, finite and >= 0");
                return _ => new ReduceOnPlateau(factor, patience, plateauMin, delta);
            default:
                return _ => null;
        }
    }

    /// <summary>Reads one schedule's parameters, each checked against its range.</summary>
    private sealed class Reader(string schedule, Dictionary<string, string> values)
    {
        public double Number(string key, double fallback, Func<double, bool> inRange, string range)
        {
            if (!values.TryGetValue(key, out string? text))
            {
                return fallback;
            }

            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && inRange(value)
                ? value
                : throw new UsageException($"{Name} {schedule}: {key}: expected {range}, got '{text}'.");
        }

        public int Whole(string key, int fallback, int min) => (int)Number(
            key, fallback, v => v >= min && v <= OptionParsing.MaxEpochs && v == Math.Floor(v),
            string.Create(CultureInfo.InvariantCulture, $"a whole number from {min:N0} to {OptionParsing.MaxEpochs:N0}"));
    }
}
