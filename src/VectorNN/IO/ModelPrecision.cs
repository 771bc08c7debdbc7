namespace VectorNN.IO;

/// <summary>The element type of a model file's tensors.</summary>
public enum ModelPrecision
{
    /// <summary>32-bit floats: safetensors dtype <c>F32</c>, a <c>Network&lt;float&gt;</c>.</summary>
    Single,

    /// <summary>64-bit floats: safetensors dtype <c>F64</c>, a <c>Network&lt;double&gt;</c>.</summary>
    Double,
}
