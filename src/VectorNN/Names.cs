using VectorNN.Layers;
using VectorNN.Losses;

namespace VectorNN;

/// <summary>
/// The lower-case names by which activations and losses appear in model files and on the command line, e.g.
/// <c>leaky-relu</c> and <c>cross-entropy</c>.
/// </summary>
public static class Names
{
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
