namespace VectorNN.IO;

/// <summary>One tensor of a safetensors header: name, dtype, shape and byte range in the data that follows the header.</summary>
internal sealed record TensorEntry(string Name, string DType, long[] Shape, long Begin, long End)
{
    /// <summary>The shape as it appears in messages, e.g. [256, 784].</summary>
    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}
