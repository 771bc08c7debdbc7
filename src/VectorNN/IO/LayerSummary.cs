using VectorNN.Layers;

namespace VectorNN.IO;

/// <summary>One dense layer of a <see cref="ModelSummary"/>: its shape, activation, size and cost per sample.</summary>
/// <param name="Index">The layer, from 0 (the first hidden layer).</param>
/// <param name="Inputs">Its input width.</param>
/// <param name="Outputs">Its output width (units).</param>
/// <param name="Activation">Its activation.</param>
/// <param name="Parameters">Weights and biases: (inputs + 1) x outputs.</param>
/// <param name="InferenceFlop">Operations of one sample's forward pass through it, 2 x inputs x outputs (see <see cref="FlopCount"/>).</param>
/// <param name="TrainingFlop">
/// Operations of one sample's training step in it: the forward pass and the weight gradient, and for every layer but
/// the first the input gradient too, 2 x inputs x outputs each.
/// </param>
public sealed record LayerSummary(int Index, int Inputs, int Outputs, Activation Activation, long Parameters, long InferenceFlop, long TrainingFlop);
