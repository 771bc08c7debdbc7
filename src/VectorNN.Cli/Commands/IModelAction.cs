using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Quantization;

namespace VectorNN.Cli.Commands;

/// <summary>A command body that runs on a loaded model, in whichever precision the file was saved in.</summary>
internal interface IModelAction
{
    int Run<T>(Network<T> network, ModelMetadata metadata)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>;

    int Run(QuantizedNetwork network, ModelMetadata metadata);
}
