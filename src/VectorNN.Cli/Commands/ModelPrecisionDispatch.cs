using VectorNN.IO;
using VectorNN.Layers;

namespace VectorNN.Cli.Commands;

/// <summary>Runs a command body in the precision a model file was saved in.</summary>
internal interface IModelAction
{
    int Run<T>(Network<T> network, ModelMetadata metadata)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>;
}

/// <summary>Dispatches an <see cref="IModelAction"/> on a loaded model's precision.</summary>
internal static class ModelPrecisionDispatch
{
    public static int Run(LoadedModel model, IModelAction action) => model.Precision == ModelPrecision.Double
        ? action.Run(model.AsDouble(), model.Metadata)
        : action.Run(model.AsSingle(), model.Metadata);
}
