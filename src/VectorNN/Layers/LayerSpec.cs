namespace VectorNN.Layers;

/// <summary>One dense layer of a network to build: its output width, activation and dropout rate.</summary>
/// <param name="Units">Number of outputs (neurons), at least 1.</param>
/// <param name="Activation">The activation applied to the layer's pre-activation.</param>
public readonly record struct LayerSpec(int Units, Activation Activation)
{
    /// <summary>
    /// The share of this hidden layer's outputs that training drops, in [0, 1); 0 (the default) turns dropout off.
    /// Inverted dropout: during training each output is zeroed with this probability and the kept ones are scaled by
    /// 1 / (1 - rate), so prediction, evaluation and export use the layer as it is, never dropping. The output layer
    /// never drops (<see cref="Network{T}"/> refuses a rate there).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not in [0, 1) (NaN included).</exception>
    public double DropoutRate
    {
        get;
        init => field = value is >= 0 and < 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(DropoutRate), value, $"Expected a dropout rate in [0, 1), got {value}.");
    }
}
