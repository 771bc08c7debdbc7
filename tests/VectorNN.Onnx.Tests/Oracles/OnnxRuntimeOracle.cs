using Microsoft.ML.OnnxRuntime;

namespace VectorNN.Onnx.Tests.Oracles;

/// <summary>Runs an ONNX model in ONNX Runtime: the independent implementation that exported models are checked against.</summary>
internal static class OnnxRuntimeOracle
{
    /// <summary>The model's one output for <paramref name="inputs"/> of <paramref name="shape"/> (e.g. [batch, width]) fed to its one input.</summary>
    public static T[] Run<T>(byte[] model, T[] inputs, params long[] shape)
        where T : unmanaged
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        string inputName = session.InputMetadata.Keys.Single();
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(inputs, shape);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, [inputName], [input], session.OutputNames);
        return outputs.Single().GetTensorDataAsSpan<T>().ToArray();
    }
}
