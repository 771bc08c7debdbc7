namespace VectorNN.Memory;

/// <summary>
/// Where one dense layer's parameters sit in a <see cref="ParameterArena{T}"/>: the weight matrix
/// [<see cref="Outputs"/> x <see cref="Inputs"/>] row-major at <see cref="WeightOffset"/>, immediately followed by the
/// bias vector [<see cref="Outputs"/>] at <see cref="BiasOffset"/>.
/// </summary>
/// <param name="Inputs">Columns of the weight matrix: the layer's input width.</param>
/// <param name="Outputs">Rows of the weight matrix and length of the bias: the layer's output width.</param>
/// <param name="WeightOffset">Index of weight (0, 0) in the arena.</param>
public readonly record struct LayerSlice(int Inputs, int Outputs, int WeightOffset)
{
    /// <summary>Number of weights, <see cref="Outputs"/> x <see cref="Inputs"/>.</summary>
    public int WeightCount => Outputs * Inputs;

    /// <summary>Index of the first bias in the arena.</summary>
    public int BiasOffset => WeightOffset + WeightCount;

    /// <summary>Number of weights and biases together.</summary>
    public int Count => WeightCount + Outputs;

    /// <summary>Index one past the layer's last parameter.</summary>
    public int End => WeightOffset + Count;

    /// <summary>Slice <paramref name="layer"/> of <paramref name="slices"/>, or a message naming the valid range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such layer.</exception>
    internal static LayerSlice At(ReadOnlySpan<LayerSlice> slices, int layer)
    {
        if ((uint)layer >= (uint)slices.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"Expected a layer index in [0, {slices.Length - 1}], got {layer}.");
        }

        return slices[layer];
    }
}
