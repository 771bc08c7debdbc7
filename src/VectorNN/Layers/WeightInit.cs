namespace VectorNN.Layers;

/// <summary>How <see cref="Network{T}.Initialize"/> draws a network's starting weights and biases.</summary>
/// <remarks>
/// Values are drawn in double from one seeded xoshiro256** stream, in the arena's order (layer by layer, weights
/// row-major, then biases), and rounded to the network's element type, so a seed gives the same float and double
/// networks up to that rounding.
/// </remarks>
public abstract record WeightInit
{
    private WeightInit()
    {
    }

    /// <summary>Every weight and bias uniform in [<paramref name="Low"/>, <paramref name="High"/>) (the Iris tutorial uses +-0.01).</summary>
    /// <param name="Low">Lower bound, finite.</param>
    /// <param name="High">Upper bound, finite and &gt;= <paramref name="Low"/>.</param>
    public sealed record Uniform(double Low, double High) : WeightInit;

    /// <summary>
    /// Glorot/Xavier uniform: weights uniform in +-sqrt(6 / (in + out)), biases 0. Suits tanh, logistic and identity
    /// layers.
    /// </summary>
    public sealed record Glorot : WeightInit;

    /// <summary>
    /// He/Kaiming uniform: weights uniform in +-sqrt(6 / in), biases 0 (PyTorch's <c>kaiming_uniform_</c> with gain
    /// sqrt 2). Suits ReLU layers.
    /// </summary>
    public sealed record He : WeightInit;

    /// <summary>The bounds of the uniform distribution for a layer's weights and for its biases.</summary>
    internal (double Low, double High, double BiasLow, double BiasHigh) Bounds(int inputs, int outputs)
    {
        switch (this)
        {
            case Uniform u:
                return (u.Low, u.High, u.Low, u.High);
            case Glorot:
                double g = Math.Sqrt(6.0 / (inputs + outputs));
                return (-g, g, 0, 0);
            default:
                double h = Math.Sqrt(6.0 / inputs);
                return (-h, h, 0, 0);
        }
    }
}
