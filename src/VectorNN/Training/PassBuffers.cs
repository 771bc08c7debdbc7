using System.Numerics;

namespace VectorNN.Training;

/// <summary>
/// The buffers of a <see cref="Backpropagation{T}"/> that <see cref="SmallNetworkPass"/> works in, each sized for the
/// pass's largest batch.
/// </summary>
/// <param name="Activations">Per layer, its outputs [batch x units] (the unmasked ones where it drops).</param>
/// <param name="Logits">The output layer's pre-activations [batch x outputs].</param>
/// <param name="Masks">Per layer, its dropout mask [batch x units], or empty.</param>
/// <param name="Dropped">Per layer, its masked outputs [batch x units], or empty.</param>
/// <param name="OutputGradient">dL/dz of the output layer [batch x outputs] or more.</param>
/// <param name="Rows">Two rows of the network's largest width: dx of one sample, layer after layer.</param>
/// <param name="ApplyDropout">Whether the masks apply (training) or not.</param>
internal readonly record struct PassBuffers<T>(
    T[][] Activations, T[] Logits, T[][] Masks, T[][] Dropped, T[] OutputGradient, T[] Rows, bool ApplyDropout)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Whether layer <paramref name="layer"/>'s output goes through its mask.</summary>
    public bool Drops(int layer) => ApplyDropout && Masks[layer].Length > 0;
}
