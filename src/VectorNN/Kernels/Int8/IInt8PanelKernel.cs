namespace VectorNN.Kernels.Int8;

/// <summary>
/// One instruction set's step of the packed 8-bit product (<see cref="Int8PackedWeights"/>): a panel of 16 output
/// columns times 4 consecutive shared-dimension bytes (64 weight bytes) multiplied by one sample's 4 activation bytes,
/// broadcast, and added exactly into 16 lanes of 32-bit sums, one per output column: no horizontal sum anywhere.
/// <see cref="Int8PackedGemmCore"/> runs every set through the same tiles, so a new instruction set (the 512-bit
/// VPDPBUSD form) is one more implementation and one more line in <see cref="Int8Gemm"/>'s selection.
/// </summary>
/// <typeparam name="TSums">16 lanes of 32-bit sums (one or more registers).</typeparam>
/// <typeparam name="TActivations">4 activation bytes, broadcast to the form <see cref="MultiplyAdd"/> takes.</typeparam>
/// <typeparam name="TWeights">A panel's 64 weight bytes, loaded in the form <see cref="MultiplyAdd"/> takes.</typeparam>
internal interface IInt8PanelKernel<TSums, TActivations, TWeights>
    where TSums : struct
    where TActivations : struct
    where TWeights : struct
{
    /// <summary>Sums of zero.</summary>
    static abstract TSums Zero { get; }

    /// <summary>Activation bytes k..k+3 of one sample (little-endian in <paramref name="fourBytes"/>) for every output column.</summary>
    static abstract TActivations Broadcast(int fourBytes);

    /// <summary>The 64 bytes at <paramref name="panel"/>: for each of 16 columns, its weights at k..k+3.</summary>
    static abstract TWeights Load(ref sbyte panel);

    /// <summary>Adds, in lane j, the 4 products of the activations and column j's weights.</summary>
    static abstract TSums MultiplyAdd(TSums sums, TActivations activations, TWeights weights);

    /// <summary>Writes the 16 sums to <paramref name="destination"/>.</summary>
    static abstract void Store(TSums sums, ref int destination);
}
