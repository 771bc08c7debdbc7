using System.Numerics;

namespace VectorNN.Memory;

/// <summary>
/// All weights and biases of a network in one contiguous buffer, so that an optimizer updates every parameter in one
/// vectorized pass. Gradients are training state and live outside, in a <see cref="GradientBuffer{T}"/> of the same
/// layout.
/// </summary>
/// <remarks>
/// <para>
/// Layout, layer after layer: the weight matrix [out x in] row-major (PyTorch's <c>Linear.weight</c> order), then the
/// bias [out]. For the 2-2-2 network of the classic worked example, the order is w1, w2, w3, w4, b1, b1, w5, w6, w7,
/// w8, b2, b2. <see cref="Slices"/> gives each layer's offsets.
/// </para>
/// <para>
/// Parameter groups can be frozen: back-propagation still computes their gradients, but optimizers skip them.
/// <see cref="TrainableRanges"/> lists the parameters that are not frozen as maximal contiguous runs.
/// </para>
/// <para>
/// The buffer starts on a 64-byte boundary and never moves, so a layer whose offset is a multiple of 16 floats
/// (8 doubles) streams its weights with loads that each touch one cache line.
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class ParameterArena<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly AlignedArray<T> values;
    private readonly LayerSlice[] layers;
    private readonly ParameterGroups[] frozen;
    private Range[] trainable;

    /// <summary>Creates zeroed parameters for dense layers of the given widths.</summary>
    /// <param name="widths">Input width, then each layer's output width; at least two entries, each at least 1.</param>
    /// <exception cref="ArgumentException">Fewer than two widths, a width below 1, or more parameters than an array holds.</exception>
    public ParameterArena(ReadOnlySpan<int> widths)
    {
        if (widths.Length < 2)
        {
            throw new ArgumentException($"Expected at least 2 widths (inputs and one layer), got {widths.Length}.", nameof(widths));
        }

        layers = new LayerSlice[widths.Length - 1];
        long offset = 0;
        for (int i = 0; i < widths.Length; i++)
        {
            if (widths[i] < 1)
            {
                throw new ArgumentException($"Expected every width >= 1, got {widths[i]} at index {i}.", nameof(widths));
            }

            if (i > 0)
            {
                long count = ((long)widths[i] * widths[i - 1]) + widths[i];
                if (offset + count > Array.MaxLength)
                {
                    throw new ArgumentException(
                        $"Expected at most {Array.MaxLength} parameters in all, got more than {offset + count}.", nameof(widths));
                }

                layers[i - 1] = new LayerSlice(widths[i - 1], widths[i], (int)offset);
                offset += count;
            }
        }

        values = new AlignedArray<T>((int)offset);
        frozen = new ParameterGroups[layers.Length];
        trainable = [new Range(0, (int)offset)];
        TrainableCount = (int)offset;
    }

    /// <summary>Number of parameters (weights and biases of every layer).</summary>
    public int Count => values.Length;

    /// <summary>Each layer's position in the buffer, first layer first.</summary>
    public ReadOnlySpan<LayerSlice> Slices => layers;

    /// <summary>All parameters in the documented layout, writable.</summary>
    public Span<T> Values => values.Span;

    /// <summary>The parameters optimizers update: maximal runs of indices whose group is not frozen.</summary>
    public ReadOnlySpan<Range> TrainableRanges => trainable;

    /// <summary>Number of parameters that are not frozen.</summary>
    public int TrainableCount { get; private set; }

    /// <summary>Layer <paramref name="layer"/>'s weight matrix [out x in], row-major.</summary>
    public Span<T> Weights(int layer) => values.Span.Slice(Layer(layer).WeightOffset, layers[layer].WeightCount);

    /// <summary>Layer <paramref name="layer"/>'s bias vector [out].</summary>
    public Span<T> Biases(int layer) => values.Span.Slice(Layer(layer).BiasOffset, layers[layer].Outputs);

    /// <summary>The groups of layer <paramref name="layer"/> that optimizers skip.</summary>
    public ParameterGroups FrozenGroups(int layer)
    {
        _ = Layer(layer);
        return frozen[layer];
    }

    /// <summary>Stops optimizers from updating <paramref name="groups"/> of layer <paramref name="layer"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such layer, or undefined group bits.</exception>
    public void Freeze(int layer, ParameterGroups groups) => SetFrozen(layer, FrozenGroups(layer) | Checked(groups));

    /// <summary>Lets optimizers update <paramref name="groups"/> of layer <paramref name="layer"/> again.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such layer, or undefined group bits.</exception>
    public void Unfreeze(int layer, ParameterGroups groups) => SetFrozen(layer, FrozenGroups(layer) & ~Checked(groups));

    private LayerSlice Layer(int layer) => LayerSlice.At(layers, layer);

    private static ParameterGroups Checked(ParameterGroups groups) =>
        (groups & ~ParameterGroups.All) == 0
            ? groups
            : throw new ArgumentOutOfRangeException(nameof(groups), groups, "Expected a combination of Weights and Biases.");

    private void SetFrozen(int layer, ParameterGroups groups)
    {
        frozen[layer] = groups;
        var runs = new List<Range>();
        int count = 0;
        for (int i = 0; i < layers.Length; i++)
        {
            LayerSlice s = layers[i];
            if ((frozen[i] & ParameterGroups.Weights) == 0)
            {
                Append(runs, s.WeightOffset, s.BiasOffset);
                count += s.WeightCount;
            }

            if ((frozen[i] & ParameterGroups.Biases) == 0)
            {
                Append(runs, s.BiasOffset, s.End);
                count += s.Outputs;
            }
        }

        trainable = [.. runs];
        TrainableCount = count;
    }

    /// <summary>Adds [from, to) to the runs, merging it with the last run when they touch.</summary>
    private static void Append(List<Range> runs, int from, int to)
    {
        if (runs.Count > 0 && runs[^1].End.Value == from)
        {
            runs[^1] = new Range(runs[^1].Start, to);
        }
        else
        {
            runs.Add(new Range(from, to));
        }
    }
}
