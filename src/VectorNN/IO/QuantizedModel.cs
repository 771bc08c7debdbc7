using VectorNN.Quantization;

namespace VectorNN.IO;

/// <summary>A quantized model read by <see cref="QuantizedModelFile.Load"/>: the network and what is stored beside it.</summary>
/// <param name="Network">The int8 network.</param>
/// <param name="Metadata">The loss, normalization and class names stored with the network.</param>
public sealed record QuantizedModel(QuantizedNetwork Network, ModelMetadata Metadata);
