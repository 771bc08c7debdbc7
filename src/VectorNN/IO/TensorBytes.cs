using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace VectorNN.IO;

/// <summary>A tensor to write as it is stored: its safetensors name, dtype, shape and little-endian bytes.</summary>
internal readonly record struct TensorBytes(string Name, string DType, long[] Shape, ReadOnlyMemory<byte> Bytes)
{
    /// <summary>An I8 tensor.</summary>
    public static TensorBytes SignedBytes(string name, long[] shape, ReadOnlySpan<sbyte> values) =>
        new(name, "I8", shape, MemoryMarshal.AsBytes(values).ToArray());

    /// <summary>An F32 tensor.</summary>
    /// <exception cref="ArgumentException">A value is NaN or infinite (the file would not load).</exception>
    public static TensorBytes Singles(string name, long[] shape, ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"Tensor {name}: expected finite values, got {values[i]} at index {i}.");
            }

            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return new(name, "F32", shape, bytes);
    }
}
