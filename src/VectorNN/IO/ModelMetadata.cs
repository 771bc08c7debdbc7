using VectorNN.Data;
using VectorNN.Losses;

namespace VectorNN.IO;

/// <summary>
/// What a model file stores beside the network: the loss it was trained with, the input normalization, and the class
/// names of a classifier or the target names and target standardization of a regression model.
/// </summary>
public sealed record ModelMetadata
{
    /// <summary>The loss the network was trained with; stored under <c>loss</c> as <see cref="Names.Of(Loss)"/>.</summary>
    public Loss Loss { get; init; }

    /// <summary>
    /// The normalization to apply to inputs before prediction; stored under <c>normalization</c> as
    /// <see cref="Normalization.ToJson"/>. Null: none is stored. Its feature count must be the network's input width.
    /// </summary>
    public Normalization? Normalization { get; init; }

    /// <summary>The class names, output by output; stored under <c>classes</c> as a JSON array string. Null: none stored.</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>
    /// Regression: the name of each output's target column, output by output; stored under <c>targets</c> as a JSON
    /// array string. Null: none stored (a classifier, or a model that does not name its outputs).
    /// </summary>
    public IReadOnlyList<string>? Targets { get; init; }

    /// <summary>
    /// Regression: the standardization the network's targets were trained in, undone on its outputs
    /// (<see cref="Normalization.Invert{T}(Span{T})"/>) to give predictions in the targets' units; stored under
    /// <c>target_normalization</c> as <see cref="Normalization.ToJson"/>. Null: the outputs are in the targets' units.
    /// Its feature count must be the network's output width.
    /// </summary>
    public Normalization? TargetNormalization { get; init; }
}
