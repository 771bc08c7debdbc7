using System.Buffers.Binary;
using VectorNN.Onnx.Protos;

namespace VectorNN.Onnx;

/// <summary>A constant of the graph (an initializer, or a Constant node's value), its values widened exactly to double.</summary>
/// <param name="Dims">The shape.</param>
/// <param name="Values">The values, row-major.</param>
/// <param name="ElementType">The ONNX data type (TensorProto.DataType).</param>
internal sealed record ConstantTensor(long[] Dims, double[] Values, int ElementType)
{
    /// <summary>A tensor larger than this many elements is refused before anything is allocated for it.</summary>
    public const long MaxElements = 1L << 28;

    /// <summary>The shape as text, e.g. [3, 4].</summary>
    public string ShapeText => $"[{string.Join(", ", Dims)}]";

    /// <summary>Reads <paramref name="tensor"/>; a message for <see cref="OnnxFormatException"/> when it cannot be read.</summary>
    public static ConstantTensor Read(TensorProto tensor, Func<string, Exception> error)
    {
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External || tensor.ExternalData.Count > 0)
        {
            throw error($"tensor '{tensor.Name}' keeps its data in an external file; VectorNN reads data stored in the model (save it with all tensors inside, e.g. onnx.save(model, path, save_as_external_data=False))");
        }

        long count = 1;
        foreach (long d in tensor.Dims)
        {
            if (d < 0 || d > MaxElements || (count *= d) > MaxElements)
            {
                throw error($"tensor '{tensor.Name}' declares dims [{string.Join(", ", tensor.Dims)}]; expected dimensions >= 0 and at most {MaxElements} elements");
            }
        }

        int type = tensor.DataType;
        int size = type switch
        {
            (int)TensorProto.Types.DataType.Float or (int)TensorProto.Types.DataType.Int32 => 4,
            (int)TensorProto.Types.DataType.Double or (int)TensorProto.Types.DataType.Int64 => 8,
            (int)TensorProto.Types.DataType.Bool => 1,
            _ => throw error($"tensor '{tensor.Name}' has data type {TypeName(type)}; expected float or double (int64 or int32 for shapes, bool for flags)"),
        };
        double[] values;
        if (!tensor.RawData.IsEmpty)
        {
            ReadOnlySpan<byte> raw = tensor.RawData.Span;
            if (raw.Length != count * size)
            {
                throw error($"tensor '{tensor.Name}' of dims [{string.Join(", ", tensor.Dims)}] holds {raw.Length} bytes of raw_data, expected {count * size}");
            }

            values = new double[count];
            for (int i = 0; i < values.Length; i++)
            {
                ReadOnlySpan<byte> b = raw.Slice(i * size, size);
                values[i] = type switch
                {
                    (int)TensorProto.Types.DataType.Float => BinaryPrimitives.ReadSingleLittleEndian(b),
                    (int)TensorProto.Types.DataType.Double => BinaryPrimitives.ReadDoubleLittleEndian(b),
                    (int)TensorProto.Types.DataType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(b),
                    (int)TensorProto.Types.DataType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(b),
                    _ => b[0],
                };
            }
        }
        else
        {
            // The typed fields: float_data for float, double_data for double, int64_data for int64, int32_data for int32 and bool.
            double[] typed = type switch
            {
                (int)TensorProto.Types.DataType.Float => tensor.FloatData.Select(v => (double)v).ToArray(),
                (int)TensorProto.Types.DataType.Double => [.. tensor.DoubleData],
                (int)TensorProto.Types.DataType.Int64 => tensor.Int64Data.Select(v => (double)v).ToArray(),
                _ => tensor.Int32Data.Select(v => (double)v).ToArray(),
            };
            if (typed.Length != count)
            {
                throw error($"tensor '{tensor.Name}' of dims [{string.Join(", ", tensor.Dims)}] holds {typed.Length} values, expected {count}");
            }

            values = typed;
        }

        return new ConstantTensor([.. tensor.Dims], values, type);
    }

    /// <summary>The transpose of this matrix (two dims).</summary>
    public ConstantTensor Transposed()
    {
        long rows = Dims[0], columns = Dims[1];
        var values = new double[Values.Length];
        for (long r = 0; r < rows; r++)
        {
            for (long c = 0; c < columns; c++)
            {
                values[(c * rows) + r] = Values[(r * columns) + c];
            }
        }

        return new ConstantTensor([columns, rows], values, ElementType);
    }

    /// <summary>The name of an ONNX data type, e.g. FLOAT16.</summary>
    public static string TypeName(int type) =>
        Enum.IsDefined((TensorProto.Types.DataType)type) ? ((TensorProto.Types.DataType)type).ToString().ToUpperInvariant() : $"#{type}";
}
