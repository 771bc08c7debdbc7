using System.Numerics;

namespace VectorNN.Memory;

/// <summary>
/// The gradient of a loss with respect to every parameter of a <see cref="ParameterArena{T}"/>, in the arena's layout:
/// training state, owned by the pass that computes it (<see cref="Training.Backpropagation{T}"/>) rather than by the
/// network, so that two trainers on one network never share gradients.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class GradientBuffer<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    // On a cache-line boundary like the parameters, so that the threads' rows of a weight gradient share no line.
    private readonly AlignedArray<T> values;
    private readonly LayerSlice[] slices;

    /// <summary>Creates zeroed gradients in the layout of <paramref name="parameters"/>.</summary>
    public GradientBuffer(ParameterArena<T> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        values = new AlignedArray<T>(parameters.Count);
        slices = parameters.Slices.ToArray();
    }

    /// <summary>Number of gradients: the arena's parameter count.</summary>
    public int Count => values.Length;

    /// <summary>Each layer's position in the buffer, first layer first (the arena's <see cref="ParameterArena{T}.Slices"/>).</summary>
    public ReadOnlySpan<LayerSlice> Slices => slices;

    /// <summary>Every gradient, in the arena's layout, writable.</summary>
    public Span<T> Values => values.Span;

    /// <summary>The gradient of layer <paramref name="layer"/>'s weight matrix [out x in], row-major.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such layer.</exception>
    public Span<T> WeightGradients(int layer)
    {
        LayerSlice s = LayerSlice.At(slices, layer);
        return values.Span.Slice(s.WeightOffset, s.WeightCount);
    }

    /// <summary>The gradient of layer <paramref name="layer"/>'s bias vector [out].</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such layer.</exception>
    public Span<T> BiasGradients(int layer)
    {
        LayerSlice s = LayerSlice.At(slices, layer);
        return values.Span.Slice(s.BiasOffset, s.Outputs);
    }
}
