using System.Buffers.Binary;
using System.Numerics;
using Google.Protobuf;
using VectorNN.Onnx.Protos;

namespace VectorNN.Onnx;

/// <summary>Converts between ONNX tensors and arrays of float or double.</summary>
internal static class Tensors
{
    /// <summary>The ONNX element type of <typeparamref name="T"/>: FLOAT or DOUBLE.</summary>
    public static int ElementType<T>() => typeof(T) == typeof(float)
        ? (int)TensorProto.Types.DataType.Float
        : (int)TensorProto.Types.DataType.Double;

    /// <summary>A tensor holding <paramref name="values"/> as little-endian raw_data (the compact form exporters write).</summary>
    public static TensorProto Create<T>(string name, ReadOnlySpan<long> dims, ReadOnlySpan<T> values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int size = typeof(T) == typeof(float) ? sizeof(float) : sizeof(double);
        var bytes = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            if (typeof(T) == typeof(float))
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * size), float.CreateTruncating(values[i]));
            }
            else
            {
                BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * size), double.CreateTruncating(values[i]));
            }
        }

        var tensor = new TensorProto { Name = name, DataType = ElementType<T>(), RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.Add(dims.ToArray());
        return tensor;
    }
}
