using System.Numerics;
using System.Text.Json;
using VectorNN.Data;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Memory;
using VectorNN.Onnx.Protos;

namespace VectorNN.Onnx;

/// <summary>Builds the ONNX graph of a network: normalization nodes, then one Gemm and one activation node per layer.</summary>
internal static class OnnxExporter
{
    public static ModelProto Build<T>(Network<T> network, ModelMetadata metadata)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(metadata);
        int inputs = network.InputCount;
        if (metadata.TargetNormalization is not null)
        {
            throw new ArgumentException(
                "Expected outputs in the targets' units, got a model trained on standardized targets: the graph would not undo the scaling.", nameof(metadata));
        }

        var graph = new GraphProto { Name = "vectornn" };
        string current = OnnxFormat.InputName;
        if (metadata.Normalization is { } normalization)
        {
            if (normalization.FeatureCount != inputs)
            {
                throw new ArgumentException(
                    $"Expected a normalization of {inputs} features (the input width), got {normalization.FeatureCount}.", nameof(metadata));
            }

            // Normalization.Apply does nothing for the method None, whatever its statistics; neither does the graph.
            if (normalization.Method != NormalizationMethod.None)
            {
                current = AddNormalization<T>(graph, normalization, current);
            }
        }

        T[] values = network.GetParameters();
        if (!values.All(T.IsFinite))
        {
            throw new ArgumentException("Expected finite parameters; the network holds NaN or an infinity.", nameof(network));
        }

        int last = network.Layers.Length - 1;
        for (int i = 0; i <= last; i++)
        {
            LayerSlice layer = network.Parameters.Slices[i];
            Activation activation = network.Layers[i].Activation;
            string weight = $"layers.{i}.weight", bias = $"layers.{i}.bias";
            graph.Initializer.Add(Tensors.Create<T>(weight, [layer.Outputs, layer.Inputs], values.AsSpan(layer.WeightOffset, layer.WeightCount)));
            graph.Initializer.Add(Tensors.Create<T>(bias, [layer.Outputs], values.AsSpan(layer.BiasOffset, layer.Outputs)));
            bool final = i == last;
            string linear = final && activation == Activation.Identity ? OnnxFormat.OutputName : $"layers.{i}.linear";

            // y = x W^T + b with W stored [out, in] as the network holds it.
            NodeProto gemm = Node($"layers.{i}.gemm", "Gemm", [current, weight, bias], linear);
            gemm.Attribute.Add(FloatAttribute("alpha", 1));
            gemm.Attribute.Add(FloatAttribute("beta", 1));
            gemm.Attribute.Add(IntAttribute("transB", 1));
            graph.Node.Add(gemm);
            current = linear;
            if (activation != Activation.Identity)
            {
                string output = final ? OnnxFormat.OutputName : $"layers.{i}.output";
                graph.Node.Add(ActivationNode(activation, $"layers.{i}.{Names.Of(activation)}", current, output));
                current = output;
            }
        }

        graph.Input.Add(Value<T>(OnnxFormat.InputName, inputs, "Raw features [batch, inputs], as `vectornn predict` reads them (the graph normalizes them)."));
        graph.Output.Add(Value<T>(OnnxFormat.OutputName, network.OutputCount, OutputDoc(network.OutputActivation)));

        var model = new ModelProto
        {
            IrVersion = OnnxFormat.IrVersion,
            ProducerName = "VectorNN",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxFormat.Opset });
        AddMetadata(model, network, metadata);
        return model;
    }

    /// <summary>x' = (x - offsets) / scales as Sub and Div nodes, the order and operations of <see cref="Normalization.Apply{T}(Span{T})"/>.</summary>
    private static string AddNormalization<T>(GraphProto graph, Normalization normalization, string input)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T[] offsets = [.. normalization.Offsets.Select(T.CreateTruncating)];
        T[] scales = [.. normalization.Scales.Select(T.CreateTruncating)];
        long[] dims = [normalization.FeatureCount];
        graph.Initializer.Add(Tensors.Create<T>("normalization.offsets", dims, offsets));
        graph.Initializer.Add(Tensors.Create<T>("normalization.scales", dims, scales));
        graph.Node.Add(Node("normalization.sub", "Sub", [input, "normalization.offsets"], "normalization.centered"));
        graph.Node.Add(Node("normalization.div", "Div", ["normalization.centered", "normalization.scales"], "normalization.output"));
        return "normalization.output";
    }

    private static NodeProto ActivationNode(Activation activation, string name, string input, string output)
    {
        NodeProto node;
        switch (activation)
        {
            case Activation.Relu: node = Node(name, "Relu", [input], output); break;
            case Activation.Tanh: node = Node(name, "Tanh", [input], output); break;
            case Activation.Logistic: node = Node(name, "Sigmoid", [input], output); break;
            case Activation.LeakyRelu:
                node = Node(name, "LeakyRelu", [input], output);
                node.Attribute.Add(FloatAttribute("alpha", (float)ActivationLayer.LeakyReluSlope));
                break;
            case Activation.Softmax:
                node = Node(name, "Softmax", [input], output);
                node.Attribute.Add(IntAttribute("axis", -1));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Expected an activation with an ONNX operator.");
        }

        return node;
    }

    private static string OutputDoc(Activation activation) => activation switch
    {
        Activation.Softmax => "Class probabilities [batch, classes].",
        Activation.Logistic => "Probabilities [batch, outputs].",
        _ => "Outputs [batch, outputs].",
    };

    private static void AddMetadata<T>(ModelProto model, Network<T> network, ModelMetadata metadata)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        LayerSpec[] layers = network.Layers.ToArray();

        // A fixed order, so the same model always gives the same bytes.
        Add(model, OnnxFormat.LayersKey, string.Join(',', layers.Select(l => l.Units).Prepend(network.InputCount)));
        Add(model, OnnxFormat.ActivationsKey, string.Join(',', layers.Select(l => Names.Of(l.Activation))));
        Add(model, OnnxFormat.LossKey, Names.Of(metadata.Loss));
        if (metadata.Normalization is { } normalization)
        {
            Add(model, OnnxFormat.NormalizationKey, normalization.ToJson());
        }

        if (metadata.Classes is { } classes)
        {
            Add(model, OnnxFormat.ClassesKey, NamesJson(classes, "class"));
        }

        if (metadata.Targets is { } targets)
        {
            Add(model, OnnxFormat.TargetsKey, NamesJson(targets, "target"));
        }
    }

    private static void Add(ModelProto model, string key, string value) =>
        model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });

    /// <summary>A JSON array of the names, escaped as Utf8JsonWriter escapes them (the model file's form).</summary>
    private static string NamesJson(IReadOnlyList<string> names, string what) =>
        "[" + string.Join(',', names.Select((c, i) =>
            $"\"{JsonEncodedText.Encode(c ?? throw new ArgumentException($"Expected {what} names, got null at index {i}.", "metadata"))}\"")) + "]";

    private static NodeProto Node(string name, string opType, string[] inputs, string output)
    {
        var node = new NodeProto { Name = name, OpType = opType };
        node.Input.Add(inputs);
        node.Output.Add(output);
        return node;
    }

    private static AttributeProto FloatAttribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    private static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static ValueInfoProto Value<T>(string name, int width, string doc)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = OnnxFormat.BatchDimension });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto
        {
            Name = name,
            DocString = doc,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = Tensors.ElementType<T>(), Shape = shape } },
        };
    }
}
