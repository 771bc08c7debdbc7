namespace VectorNN.Cli.Commands;

/// <summary>A model's forward pass over a batch: a float, double or int8 network's <c>Predict</c>.</summary>
/// <param name="inputs">[batch x inputs], row-major.</param>
/// <param name="batch">Number of samples.</param>
/// <param name="outputs">[batch x outputs], written.</param>
internal delegate void BatchPrediction<T>(ReadOnlySpan<T> inputs, int batch, Span<T> outputs);
