using System.Buffers.Binary;
using Google.Protobuf;
using VectorNN.Onnx.Protos;

namespace VectorNN.Onnx.Tests.Generators;

/// <summary>Builds ONNX models node by node, as other exporters write them, for the import tests.</summary>
internal sealed class GraphBuilder
{
    private readonly int elementType;
    private int count;

    /// <summary>A model with one input <c>x</c> of <paramref name="inputDims"/> (0: symbolic) in <paramref name="elementType"/>.</summary>
    public GraphBuilder(TensorProto.Types.DataType elementType, long[] inputDims, long opset = 17)
    {
        this.elementType = (int)elementType;
        Model = new ModelProto { IrVersion = 8, Graph = new GraphProto { Name = "test" } };
        Model.OpsetImport.Add(new OperatorSetIdProto { Version = opset });
        Model.Graph.Input.Add(Value("x", inputDims));
    }

    public ModelProto Model { get; }

    public GraphProto Graph => Model.Graph;

    /// <summary>Adds an initializer of the model's element type; raw_data, or the typed field when <paramref name="raw"/> is false.</summary>
    public string Initializer(string name, long[] dims, double[] values, bool raw = true) =>
        Add(Tensor(name, dims, values, elementType, raw));

    /// <summary>Adds an int64 initializer (shapes).</summary>
    public string Int64s(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.Add(values);
        return Add(tensor);
    }

    /// <summary>Adds a node and returns its (first) output's name.</summary>
    public string Node(string op, string[] inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = $"{op.ToLowerInvariant()}_{count}" };
        node.Input.Add(inputs);
        node.Output.Add($"v{count++}");
        node.Attribute.Add(attributes);
        Graph.Node.Add(node);
        return node.Output[0];
    }

    /// <summary>Declares <paramref name="output"/> the graph's output and returns the model's bytes.</summary>
    public byte[] Finish(string output)
    {
        Graph.Output.Add(Value(output, [0, 0]));
        return Model.ToByteArray();
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static TensorProto Tensor(string name, long[] dims, double[] values, int elementType, bool raw)
    {
        var tensor = new TensorProto { Name = name, DataType = elementType };
        tensor.Dims.Add(dims);
        bool single = elementType == (int)TensorProto.Types.DataType.Float;
        if (raw)
        {
            var bytes = new byte[values.Length * (single ? 4 : 8)];
            for (int i = 0; i < values.Length; i++)
            {
                if (single)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), (float)values[i]);
                }
                else
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
                }
            }

            tensor.RawData = ByteString.CopyFrom(bytes);
        }
        else if (single)
        {
            tensor.FloatData.Add(values.Select(v => (float)v));
        }
        else
        {
            tensor.DoubleData.Add(values);
        }

        return tensor;
    }

    private string Add(TensorProto tensor)
    {
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    private ValueInfoProto Value(string name, long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(dims.Select(d => d > 0 ? new TensorShapeProto.Types.Dimension { DimValue = d } : new TensorShapeProto.Types.Dimension { DimParam = "n" }));
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = shape } } };
    }
}
