using Microsoft.ML.OnnxRuntime;

namespace VectorNN.Peers;

/// <summary>
/// One ONNX Runtime session bound to preallocated input and output buffers of one batch size, as a latency-minded
/// caller uses it: the <see cref="OrtValue"/>s wrap (and pin) managed arrays made once, and every <see cref="Run"/>
/// writes into the same output, so no call allocates a tensor or copies data in or out.
/// </summary>
internal sealed class OrtInference : IDisposable
{
    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly OrtValue[] _inputValues;
    private readonly OrtValue[] _outputValues;

    /// <summary>Opens <paramref name="modelPath"/> for batches of <paramref name="batch"/> samples of <paramref name="inputs"/>.</summary>
    /// <param name="modelPath">An ONNX model with one input [batch, in] and one output [batch, out], float32.</param>
    /// <param name="threads">Intra-op threads.</param>
    /// <param name="inputs">The samples [batch x in], row-major; the session reads this array in place.</param>
    /// <param name="batch">Samples per run.</param>
    public OrtInference(string modelPath, int threads, float[] inputs, int batch)
    {
        _options = SessionOptionsFor(threads);
        _session = new InferenceSession(modelPath, _options);
        _inputNames = [_session.InputNames.Single()];
        _outputNames = [_session.OutputNames.Single()];
        int outputWidth = _session.OutputMetadata[_outputNames[0]].Dimensions[^1];
        Output = new float[batch * outputWidth];
        _inputValues = [OrtValue.CreateTensorValueFromMemory(inputs, [batch, inputs.Length / batch])];
        _outputValues = [OrtValue.CreateTensorValueFromMemory(Output, [batch, outputWidth])];
    }

    /// <summary>Gets the output buffer [batch x out] that every run writes.</summary>
    public float[] Output { get; }

    /// <summary>
    /// <paramref name="threads"/> intra-op threads, one inter-op thread (the graph is a chain), every graph optimization
    /// (ORT_ENABLE_ALL fuses each Gemm with its activation where it can). ONNX Runtime's other settings stay at their
    /// defaults, spinning worker threads included.
    /// </summary>
    public static SessionOptions SessionOptionsFor(int threads) => new()
    {
        IntraOpNumThreads = threads,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };

    /// <summary>Runs the model on the input buffer into <see cref="Output"/>.</summary>
    public void Run() => _session.Run(_runOptions, _inputNames, _inputValues, _outputNames, _outputValues);

    /// <inheritdoc/>
    public void Dispose()
    {
        _inputValues[0].Dispose();
        _outputValues[0].Dispose();
        _runOptions.Dispose();
        _session.Dispose();
        _options.Dispose();
    }
}
