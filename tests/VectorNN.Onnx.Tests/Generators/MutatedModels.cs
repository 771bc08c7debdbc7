using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using VectorNN.Data;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Onnx.Protos;

namespace VectorNN.Onnx.Tests.Generators;

/// <summary>
/// Valid models damaged at random: in their structure (op types, inputs, dims, data types, attributes, nodes and
/// initializers removed or repeated), which reaches the importer's graph checks, and in their bytes (flipped,
/// truncated, inserted), which reaches the protobuf parser.
/// </summary>
public static class MutatedModels
{
    private static readonly string[] OpTypes =
        ["Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Relu", "Softmax", "LogSoftmax", "Flatten", "Reshape", "Transpose", "Constant", "Identity", "Dropout", "Conv", ""];

    private static readonly ModelProto[] Bases = BuildBases();

    /// <summary>The FsCheck arbitrary of mutated model bytes.</summary>
    public static Arbitrary<byte[]> Models() => Mutated.ToArbitrary();

    // One seed drives every choice: FsCheck prints it on failure, and drawing it alone keeps 10,000 cases fast.
    private static Gen<byte[]> Mutated => Gen.Choose(0, int.MaxValue).Select(Mutate);

    private static byte[] Mutate(int seed)
    {
        var random = new Random(seed);
        ModelProto model = Bases[random.Next(Bases.Length)].Clone();
        for (int i = random.Next(4); i > 0; i--)
        {
            MutateStructure(model.Graph, random);
        }

        // Byte damage in one case out of two: most of it stops the protobuf parser, so the graph checks get the rest.
        int byteMutations = random.Next(2) == 0 ? 0 : random.Next(1, 3);
        byte[] bytes = model.ToByteArray();
        for (int i = 0; i < byteMutations && bytes.Length > 0; i++)
        {
            int at = random.Next(bytes.Length);
            bytes = random.Next(4) switch
            {
                0 => [.. bytes[..at]],
                1 => [.. bytes[..at], .. RandomBytes(random, random.Next(1, 9)), .. bytes[at..]],
                2 => [.. bytes[..at], .. bytes[Math.Min(bytes.Length, at + random.Next(1, 9))..]],
                _ => Flip(bytes, at, random),
            };
        }

        return bytes;
    }

    private static void MutateStructure(GraphProto graph, Random random)
    {
        NodeProto? node = graph.Node.Count > 0 ? graph.Node[random.Next(graph.Node.Count)] : null;
        TensorProto? tensor = graph.Initializer.Count > 0 ? graph.Initializer[random.Next(graph.Initializer.Count)] : null;
        string[] names = [.. graph.Node.SelectMany(n => n.Output).Concat(graph.Initializer.Select(t => t.Name)).Append("x").Append("input").Append("missing")];
        switch (random.Next(12))
        {
            case 0 when node is not null: node.OpType = OpTypes[random.Next(OpTypes.Length)]; break;
            case 1 when node is { Input.Count: > 0 }: node.Input[random.Next(node.Input.Count)] = names[random.Next(names.Length)]; break;
            case 2 when node is not null: node.Output[0] = names[random.Next(names.Length)]; break;
            case 3 when tensor is { Dims.Count: > 0 }: tensor.Dims[random.Next(tensor.Dims.Count)] = random.Next(3) switch { 0 => -1, 1 => 1L << random.Next(62), _ => random.Next(0, 40) }; break;
            case 4 when tensor is not null: tensor.DataType = random.Next(0, 18); break;
            case 5 when tensor is not null: graph.Initializer.Remove(tensor); break;
            case 6 when node is not null: graph.Node.Remove(node); break;
            case 7 when node is not null: graph.Node.Insert(random.Next(graph.Node.Count), node.Clone()); break;
            case 8 when node is not null:
                node.Attribute.Add(new AttributeProto { Name = new[] { "transB", "transA", "alpha", "beta", "axis", "perm" }[random.Next(6)], I = random.Next(-3, 4), F = random.Next(-2, 3), Ints = { random.Next(-1, 3), random.Next(-1, 3) } });
                break;
            case 9 when tensor is not null: tensor.RawData = ByteString.CopyFrom(RandomBytes(random, random.Next(0, 64))); break;
            case 10 when graph.Input.Count > 0 && graph.Input[0].Type?.TensorType?.Shape is { Dim.Count: > 0 } shape:
                shape.Dim[random.Next(shape.Dim.Count)] = new TensorShapeProto.Types.Dimension { DimValue = random.Next(2) == 0 ? random.Next(-2, 70) : 1L << random.Next(62) };
                break;
            case 11 when graph.Output.Count > 0: graph.Output[0].Name = names[random.Next(names.Length)]; break;
            default: break;
        }
    }

    private static byte[] Flip(byte[] bytes, int at, Random random)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[at] ^= (byte)random.Next(1, 256);
        return copy;
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Exported models of each activation and precision, with and without normalization, and the exporters' fixtures.</summary>
    private static ModelProto[] BuildBases()
    {
        var models = new List<ModelProto>();
        var hidden = new LayerSpec(5, Activation.LeakyRelu);
        foreach (Activation last in new[] { Activation.Softmax, Activation.Identity, Activation.Logistic })
        {
            var network = new Network<float>(3, hidden, new LayerSpec(4, Activation.Tanh), new LayerSpec(2, last));
            network.Initialize(new WeightInit.Uniform(-1, 1), 1);
            var metadata = new ModelMetadata { Normalization = new Normalization(NormalizationMethod.ZScore, [1, 2, 3], [2, 2, 2]), Classes = ["a", "b"] };
            models.Add(ModelProto.Parser.ParseFrom(OnnxFile.Export(network, metadata)));
            var wide = new Network<double>(3, new LayerSpec(2, last));
            models.Add(ModelProto.Parser.ParseFrom(OnnxFile.Export(wide, new ModelMetadata())));
        }

        string fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        models.AddRange(Directory.GetFiles(fixtures, "*.onnx").Order(StringComparer.Ordinal).Select(f => ModelProto.Parser.ParseFrom(File.ReadAllBytes(f))));
        return [.. models];
    }
}
