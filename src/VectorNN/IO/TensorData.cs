using System.Numerics;

namespace VectorNN.IO;

/// <summary>A tensor to write: its safetensors name, shape and elements (row-major).</summary>
internal readonly record struct TensorData<T>(string Name, long[] Shape, ReadOnlyMemory<T> Values)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;
