namespace VectorNN.Onnx;

/// <summary>The ONNX versions, names and metadata keys that exported files use and the importer recognises.</summary>
internal static class OnnxFormat
{
    /// <summary>The default-domain operator set the exporter targets: opset 17 (ONNX 1.12), loaded by every current runtime.</summary>
    public const long Opset = 17;

    /// <summary>IR version 8 is the one ONNX 1.12 pairs with opset 17.</summary>
    public const long IrVersion = 8;

    /// <summary>The graph's input, [batch, features].</summary>
    public const string InputName = "input";

    /// <summary>The graph's output, [batch, outputs].</summary>
    public const string OutputName = "output";

    /// <summary>The symbolic batch dimension of the input and output.</summary>
    public const string BatchDimension = "batch";

    /// <summary>Prefix of the metadata_props keys that carry a VectorNN model's own metadata.</summary>
    public const string MetadataPrefix = "vectornn.";

    /// <summary>The loss, as <see cref="Names.Of(Losses.Loss)"/>.</summary>
    public const string LossKey = MetadataPrefix + "loss";

    /// <summary>The normalization, as <see cref="Data.Normalization.ToJson"/> (exact doubles; the graph holds them rounded to the model's precision).</summary>
    public const string NormalizationKey = MetadataPrefix + "normalization";

    /// <summary>The class names, output by output, as a JSON array of strings.</summary>
    public const string ClassesKey = MetadataPrefix + "classes";

    /// <summary>A regression model's target names, output by output, as a JSON array of strings.</summary>
    public const string TargetsKey = MetadataPrefix + "targets";

    /// <summary>The widths, input first (e.g. <c>784,256,128,10</c>), as in a model file.</summary>
    public const string LayersKey = MetadataPrefix + "layers";

    /// <summary>The activations, one <see cref="Names"/> name per layer.</summary>
    public const string ActivationsKey = MetadataPrefix + "activations";
}
