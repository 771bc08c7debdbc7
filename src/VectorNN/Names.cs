using VectorNN.Layers;
using VectorNN.Losses;

namespace VectorNN;

/// <summary>
/// The lower-case names by which activations, losses and optimizers appear in model and optimizer-state files and on
/// the command line, e.g. <c>leaky-relu</c>, <c>cross-entropy</c> and <c>adamw</c>.
/// </summary>
public static class Names
{
    /// <summary>The name of <see cref="Optim.Sgd{T}"/>.</summary>
    public const string Sgd = "sgd";

    /// <summary>The name of <see cref="Optim.Momentum{T}"/> with classic momentum.</summary>
    public const string Momentum = "momentum";

    /// <summary>The name of <see cref="Optim.Momentum{T}"/> with Nesterov's correction.</summary>
    public const string Nesterov = "nesterov";

    /// <summary>The name of <see cref="Optim.Adam{T}"/>.</summary>
    public const string Adam = "adam";

    /// <summary>The name of <see cref="Optim.AdamW{T}"/>.</summary>
    public const string AdamW = "adamw";

    private static readonly (Activation Value, string Name)[] ActivationNames =
    [
        (Activation.Identity, "identity"), (Activation.Logistic, "logistic"), (Activation.Tanh, "tanh"),
        (Activation.Relu, "relu"), (Activation.LeakyRelu, "leaky-relu"), (Activation.Softmax, "softmax"),
    ];

    private static readonly (Loss Value, string Name)[] LossNames =
    [
        (Loss.HalfSumSquaredError, "half-sse"), (Loss.MeanSquaredError, "mse"),
        (Loss.CrossEntropy, "cross-entropy"), (Loss.BinaryCrossEntropy, "binary-cross-entropy"),
    ];

    /// <summary>Every activation name, in declaration order.</summary>
    public static IEnumerable<string> Activations => ActivationNames.Select(a => a.Name);

    /// <summary>The names of this library's optimizers (<see cref="Optim.Optimizer{T}.Name"/>): sgd, momentum, nesterov, adam, adamw.</summary>
    public static IReadOnlyList<string> Optimizers { get; } = [Sgd, Momentum, Nesterov, Adam, AdamW];

    /// <summary>Every loss name, in declaration order.</summary>
    public static IEnumerable<string> Losses => LossNames.Select(l => l.Name);

    /// <summary>The name of <paramref name="activation"/>, e.g. <c>leaky-relu</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined activation.</exception>
    public static string Of(Activation activation) => NameOf(ActivationNames, activation, nameof(activation));

    /// <summary>The name of <paramref name="loss"/>, e.g. <c>half-sse</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined loss.</exception>
    public static string Of(Loss loss) => NameOf(LossNames, loss, nameof(loss));

    /// <summary>The activation named <paramref name="name"/> (exact, lower case); false if there is none.</summary>
    public static bool TryParseActivation(string? name, out Activation activation) => TryParse(ActivationNames, name, out activation);

    /// <summary>The loss named <paramref name="name"/> (exact, lower case); false if there is none.</summary>
    public static bool TryParseLoss(string? name, out Loss loss) => TryParse(LossNames, name, out loss);

    private static string NameOf<TEnum>((TEnum Value, string Name)[] names, TEnum value, string paramName)
        where TEnum : struct, Enum
    {
        foreach ((TEnum v, string name) in names)
        {
            if (EqualityComparer<TEnum>.Default.Equals(v, value))
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(paramName, value, $"Expected a defined {typeof(TEnum).Name}.");
    }

    private static bool TryParse<TEnum>((TEnum Value, string Name)[] names, string? name, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach ((TEnum v, string n) in names)
        {
            if (n == name)
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }
}
