namespace VectorNN.Layers;

/// <summary>One dense layer of a network to build: its output width and activation.</summary>
/// <param name="Units">Number of outputs (neurons), at least 1.</param>
/// <param name="Activation">The activation applied to the layer's pre-activation.</param>
public readonly record struct LayerSpec(int Units, Activation Activation);
