using VectorNN.IO;
using VectorNN.Onnx;

namespace VectorNN.Cli.Commands;

/// <summary>
/// Loads <c>--model</c>, a VectorNN model file (float, double or int8) or (by its <c>.onnx</c> extension) an ONNX model,
/// and runs an action in its precision.
/// </summary>
internal static class ModelLoader
{
    /// <summary>Runs <paramref name="action"/> on the model at <paramref name="path"/>.</summary>
    public static int Run(string path, IModelAction action)
    {
        if (path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            OnnxModel onnx = OnnxFile.Load(path);
            return onnx.Precision == ModelPrecision.Double
                ? action.Run(onnx.AsDouble(), onnx.Metadata)
                : action.Run(onnx.AsSingle(), onnx.Metadata);
        }

        if (QuantizedModelFile.TryLoad(path, out QuantizedModel? quantized))
        {
            return action.Run(quantized.Network, quantized.Metadata);
        }

        LoadedModel model = ModelFile.Load(path);
        return model.Precision == ModelPrecision.Double
            ? action.Run(model.AsDouble(), model.Metadata)
            : action.Run(model.AsSingle(), model.Metadata);
    }
}
