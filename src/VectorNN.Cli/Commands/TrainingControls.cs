using System.CommandLine;
using System.Globalization;
using VectorNN.Optim;
using VectorNN.Training;

namespace VectorNN.Cli.Commands;

/// <summary>
/// The options of <c>train</c> that control a run beyond its data and network: validation hold-out, early stopping and
/// the learning-rate schedule, parsed and checked before any work.
/// </summary>
/// <param name="ValidationFraction">--validation-fraction, or null.</param>
/// <param name="EarlyStopping">--early-stopping with --patience and --min-delta, or null.</param>
/// <param name="Schedule">Builds the --lr-schedule from the epoch the run ends at; null for constant.</param>
internal sealed record TrainingControls(double? ValidationFraction, EarlyStopping? EarlyStopping, Func<int, ILearningRateSchedule?> Schedule)
{
    /// <summary>scikit-learn's n_iter_no_change.</summary>
    private const int DefaultPatience = 10;

    internal static readonly Option<double?> Fraction = new(ValidationHoldOut.Name)
    {
        Description = "Hold out this fraction of each class of the training data (after --test-fraction) as validation data, seeded by --seed; its loss and accuracy are reported every epoch.",
    };

    private static readonly Option<bool> Stopping = new("--early-stopping")
    {
        Description = "Stop when the validation loss has not fallen by more than --min-delta for --patience epochs, and keep (and --save) the best epoch's weights; needs --validation-fraction.",
    };

    private static readonly Option<int?> Patience = new("--patience") { Description = "With --early-stopping: epochs without improvement before stopping, 1 to 1,000,000 (default 10)." };
    private static readonly Option<double?> MinDelta = new("--min-delta") { Description = "With --early-stopping: how far the validation loss must fall below its best to count as an improvement, finite and >= 0 (default 0)." };
    internal static readonly Option<string?> Schedules = new(ScheduleOption.Name)
    {
        Description = "Learning rate per epoch, NAME[:KEY=VALUE,...]: constant (default); step:every=10,gamma=0.1; exp:gamma=0.95; cosine:epochs=N,min=0,warmup=0 (N: default the run's last epoch); plateau:factor=0.1,patience=10,min=0,delta=0 (on the validation loss, else the training loss). min is 0 to --lr.",
    };

    /// <summary>The options, for the command to add.</summary>
    public static IEnumerable<Option> Options => [Fraction, Stopping, Patience, MinDelta, Schedules];

    /// <summary>Reads and checks the options; a usage error names the first bad one.</summary>
    public static TrainingControls Parse(ParseResult result, double lr, int epochs)
    {
        double? fraction = result.GetValue(Fraction);
        ValidationHoldOut.Check(fraction);
        EarlyStopping? stopping = null;
        if (result.GetValue(Stopping))
        {
            int patience = OptionParsing.InRange(result.GetValue(Patience) ?? DefaultPatience, "--patience", 1, OptionParsing.MaxEpochs);
            double delta = result.GetValue(MinDelta) ?? 0;
            if (!(double.IsFinite(delta) && delta >= 0))
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--min-delta: expected a number, finite and >= 0, got {delta}."));
            }

            if (fraction is null)
            {
                throw new UsageException("--early-stopping: needs --validation-fraction, the held-out data whose loss it watches (as scikit-learn's early_stopping).");
            }

            stopping = new EarlyStopping(patience, delta);
        }
        else if (result.GetValue(Patience) is not null || result.GetValue(MinDelta) is not null)
        {
            throw new UsageException($"{(result.GetValue(Patience) is not null ? "--patience" : "--min-delta")}: needs --early-stopping, which it configures.");
        }

        Func<int, ILearningRateSchedule?> schedule = result.GetValue(Schedules) is string text ? ScheduleOption.Parse(text, lr, epochs) : _ => null;
        return new TrainingControls(fraction, stopping, schedule);
    }
}
