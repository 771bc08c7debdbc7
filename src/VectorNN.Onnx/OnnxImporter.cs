using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Onnx.Protos;

namespace VectorNN.Onnx;

/// <summary>
/// Reads an ONNX graph as a chain of dense layers: it walks from the one input to the one output, one node at a time,
/// and accepts only the nodes that a multi-layer perceptron's exporters write (see <see cref="Supported"/>).
/// </summary>
internal sealed class OnnxImporter
{
    /// <summary>What the importer accepts, quoted in its errors.</summary>
    public const string Supported =
        "VectorNN reads a chain from one input to one output of: Gemm (alpha 1, beta 1, transA 0) or MatMul(x, W) with an optional "
        + "Add of a constant bias; Relu, Tanh, Sigmoid, LeakyRelu (alpha 0.01), and Softmax or LogSoftmax on the last axis at the end; "
        + "Identity and Dropout anywhere; Flatten (axis 1) and Reshape to [batch, features]; Sub, Add, Mul and Div by a constant "
        + "before the first layer (normalization); weights as initializers, Constant nodes or a Transpose of them";

    /// <summary>The oldest default-domain opset read: from opset 7 on, Gemm, Add and Reshape mean what this reader assumes.</summary>
    private const long MinOpset = 7;

    private readonly string path;
    private readonly GraphProto graph;
    private readonly Dictionary<NodeProto, int> index = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, ConstantTensor> constants = new(StringComparer.Ordinal);
    private readonly HashSet<NodeProto> folded = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, List<NodeProto>> consumers = new(StringComparer.Ordinal);
    private readonly HashSet<string> produced = new(StringComparer.Ordinal);

    // The walk's state: the value it has reached, its rank and width, and what it has read so far.
    private readonly List<(string Op, double[] Constant)> normalization = [];
    private readonly List<Layer> layers = [];
    private string value = "";
    private long width;
    private int rank;
    private bool logSoftmax;
    private bool ended;

    private OnnxImporter(string path, GraphProto graph)
    {
        this.path = path;
        this.graph = graph;
    }

    /// <summary>Reads <paramref name="model"/> (from <paramref name="path"/>, named in errors).</summary>
    public static OnnxModel Import(ModelProto model, string path)
    {
        if (model.Graph is null)
        {
            throw new OnnxFormatException(path, "the model has no graph");
        }

        long opset = model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();
        if (opset < MinOpset)
        {
            throw new OnnxFormatException(path, $"the model imports default-domain opset {opset}; expected opset {MinOpset} or later");
        }

        return new OnnxImporter(path, model.Graph).Read(model);
    }

    private OnnxModel Read(ModelProto model)
    {
        if (graph.SparseInitializer.Count > 0)
        {
            throw Error($"the graph has {graph.SparseInitializer.Count} sparse initializers; VectorNN reads dense ones");
        }

        foreach (TensorProto tensor in graph.Initializer)
        {
            if (!constants.TryAdd(tensor.Name, ConstantTensor.Read(tensor, Error)))
            {
                throw Error($"initializer '{tensor.Name}' is defined twice");
            }
        }

        for (int i = 0; i < graph.Node.Count; i++)
        {
            NodeProto node = graph.Node[i];
            index[node] = i;

            if (node.Domain is not ("" or "ai.onnx"))
            {
                throw NodeError(node, $"operator domain '{node.Domain}' is not the default ONNX domain; {Supported}");
            }

            foreach (string name in node.Output.Where(o => o.Length > 0))
            {
                if (!produced.Add(name) || constants.ContainsKey(name))
                {
                    throw NodeError(node, $"output '{name}' is produced twice in the graph");
                }
            }
        }

        FoldConstants();
        (string input, int elementType) = ReadInput();
        if (graph.Output.Count != 1)
        {
            throw Error($"the graph has {graph.Output.Count} outputs ({string.Join(", ", graph.Output.Select(o => o.Name))}); VectorNN reads models with exactly one");
        }

        string output = graph.Output[0].Name;
        foreach (NodeProto node in graph.Node.Where(n => !folded.Contains(n)))
        {
            foreach (string name in node.Input.Where(n => n.Length > 0).Distinct(StringComparer.Ordinal))
            {
                if (!consumers.TryGetValue(name, out List<NodeProto>? list))
                {
                    consumers[name] = list = [];
                }

                list.Add(node);
            }
        }

        Walk(input, output);
        return Build(model, elementType);
    }

    /// <summary>Evaluates the Constant nodes, and the Transpose and Identity nodes of constants, into <see cref="constants"/>.</summary>
    private void FoldConstants()
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (NodeProto node in graph.Node)
            {
                if (folded.Contains(node) || node.Output.Count != 1)
                {
                    continue;
                }

                ConstantTensor? value = node.OpType switch
                {
                    "Constant" => ConstantValue(node),
                    "Transpose" when node.Input.Count == 1 && constants.TryGetValue(node.Input[0], out ConstantTensor? t) => Transpose(node, t),
                    "Identity" when node.Input.Count == 1 && constants.TryGetValue(node.Input[0], out ConstantTensor? t) => t,
                    _ => null,
                };
                if (value is not null)
                {
                    constants[node.Output[0]] = value;
                    folded.Add(node);
                    changed = true;
                }
            }
        }
    }

    private ConstantTensor ConstantValue(NodeProto node)
    {
        if (node.Attribute.Count != 1)
        {
            throw NodeError(node, $"expected one value attribute, got {node.Attribute.Count}");
        }

        AttributeProto a = node.Attribute[0];
        return a.Name switch
        {
            "value" when a.T is not null => ConstantTensor.Read(a.T, m => NodeError(node, m)),
            "value_float" => new ConstantTensor([], [a.F], (int)TensorProto.Types.DataType.Float),
            "value_floats" => new ConstantTensor([a.Floats.Count], [.. a.Floats.Select(f => (double)f)], (int)TensorProto.Types.DataType.Float),
            "value_int" => new ConstantTensor([], [a.I], (int)TensorProto.Types.DataType.Int64),
            "value_ints" => new ConstantTensor([a.Ints.Count], [.. a.Ints.Select(i => (double)i)], (int)TensorProto.Types.DataType.Int64),
            _ => throw NodeError(node, $"attribute '{a.Name}' is not a tensor, float or int value; VectorNN reads numeric constants"),
        };
    }

    private ConstantTensor Transpose(NodeProto node, ConstantTensor t)
    {
        AttributeProto? perm = node.Attribute.FirstOrDefault(a => a.Name == "perm");
        if (t.Dims.Length != 2 || (perm is not null && !perm.Ints.SequenceEqual([1L, 0L])))
        {
            throw NodeError(node, $"transposes a constant of shape {t.ShapeText}{(perm is null ? "" : $" by perm [{string.Join(", ", perm.Ints)}]")}; VectorNN reads the transpose of a matrix (perm [1, 0])");
        }

        return t.Transposed();
    }

    /// <summary>The one graph input that is not an initializer: its name and element type; sets the rank and width.</summary>
    private (string Name, int ElementType) ReadInput()
    {
        ValueInfoProto[] inputs = [.. graph.Input.Where(i => !constants.ContainsKey(i.Name))];
        if (inputs.Length != 1)
        {
            throw Error($"the graph has {inputs.Length} inputs that are not initializers ({string.Join(", ", inputs.Select(i => i.Name))}); VectorNN reads models with exactly one");
        }

        ValueInfoProto input = inputs[0];
        TypeProto.Types.Tensor? tensor = input.Type?.TensorType;
        int type = tensor?.ElemType ?? 0;
        if (type is not ((int)TensorProto.Types.DataType.Float or (int)TensorProto.Types.DataType.Double))
        {
            throw Error($"input '{input.Name}' is {(tensor is null ? "not a tensor" : $"a tensor of {ConstantTensor.TypeName(type)}")}; expected tensor(float) or tensor(double)");
        }

        // Without a declared shape, the first layer tells the width; a declared one must hold [batch, features...].
        rank = 2;
        width = 0;
        if (tensor!.Shape is { } shape)
        {
            rank = shape.Dim.Count;
            if (rank < 2)
            {
                throw Error($"input '{input.Name}' has rank {rank}; expected [batch, features] (or [batch, ...] flattened by Flatten or Reshape)");
            }

            width = 1;
            foreach (TensorShapeProto.Types.Dimension d in shape.Dim.Skip(1))
            {
                if (d.ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue)
                {
                    width = 0;
                    break;
                }

                if (d.DimValue < 1 || d.DimValue > int.MaxValue || (width *= d.DimValue) > int.MaxValue)
                {
                    throw Error($"input '{input.Name}' declares dims [{DimsText(shape)}]; expected features dims >= 1 with at most {int.MaxValue} features in all");
                }
            }
        }

        return (input.Name, type);
    }

    /// <summary>Follows the chain from <paramref name="input"/> to <paramref name="output"/>, node by node.</summary>
    private void Walk(string input, string output)
    {
        var visited = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        string current = input;
        while (current != output)
        {
            if (!consumers.TryGetValue(current, out List<NodeProto>? next))
            {
                throw Error($"value '{current}' is used by no node, so the chain never reaches the output '{output}'");
            }

            if (next.Count > 1)
            {
                throw NodeError(next[1], $"value '{current}' feeds {next.Count} nodes ({string.Join(", ", next.Select(Display))}); VectorNN reads a single chain without branches");
            }

            NodeProto node = next[0];
            if (!visited.Add(node))
            {
                throw NodeError(node, "the graph has a cycle through this node");
            }

            // Add and Mul commute: a constant may come first.
            bool commutes = node.OpType is "Add" or "Mul" && node.Input.Count == 2 && node.Input[1] == current;
            if ((node.Input.Count == 0 || node.Input[0] != current) && !commutes)
            {
                throw NodeError(node, $"takes '{current}' as input {node.Input.IndexOf(current)}; VectorNN reads it as the first (data) input");
            }

            if (node.Output.Count == 0 || node.Output[0].Length == 0)
            {
                throw NodeError(node, "has no output");
            }

            value = current;
            Step(node);
            current = node.Output[0];
        }

        foreach (NodeProto node in graph.Node.Where(n => !folded.Contains(n) && !visited.Contains(n)))
        {
            throw NodeError(node, $"is not on the chain from the input to the output '{output}' (a branch, a second path or a cycle); {Supported}");
        }

        if (layers.Count == 0)
        {
            throw Error("the graph has no Gemm or MatMul layer");
        }
    }

    private void Step(NodeProto node)
    {
        switch (node.OpType)
        {
            case "Identity":
                RequireInputs(node, 1, 1);
                break;
            case "Dropout":
                ReadDropout(node);
                break;
            case "Flatten":
                ReadFlatten(node);
                break;
            case "Reshape":
                ReadReshape(node);
                break;
            case "Gemm":
                ReadGemm(node);
                break;
            case "MatMul":
                RequireInputs(node, 2, 2);
                ConstantTensor b = Weight(node, 1);
                AddLayer(node, b.Transposed().Values, new double[b.Dims[1]]);
                break;
            case "Add" when layers.Count > 0:
                AddBias(node);
                break;
            case "Sub" or "Add" or "Mul" or "Div":
                ReadNormalization(node);
                break;
            case "Relu":
                SetActivation(node, Activation.Relu);
                break;
            case "Tanh":
                SetActivation(node, Activation.Tanh);
                break;
            case "Sigmoid":
                SetActivation(node, Activation.Logistic);
                break;
            case "LeakyRelu":
                float alpha = FloatAttribute(node, "alpha", 0.01f);
                if (alpha != (float)ActivationLayer.LeakyReluSlope)
                {
                    throw NodeError(node, $"alpha is {alpha}; VectorNN's leaky relu has slope {ActivationLayer.LeakyReluSlope}");
                }

                SetActivation(node, Activation.LeakyRelu);
                break;
            case "Softmax" or "LogSoftmax":
                // Before opset 13 the default axis is 1; on [batch, classes] that is the last axis too.
                long axis = IntAttribute(node, "axis", -1);
                if (axis is not (1 or -1))
                {
                    throw NodeError(node, $"axis is {axis}; VectorNN's softmax runs over the last axis of [batch, classes] (axis 1 or -1)");
                }

                SetActivation(node, Activation.Softmax);
                logSoftmax = node.OpType == "LogSoftmax";
                ended = true;
                break;
            default:
                throw NodeError(node, $"operator {node.OpType} is not supported; {Supported}");
        }
    }

    private void ReadDropout(NodeProto node)
    {
        RequireInputs(node, 1, 3);
        if (node.Input.Count == 3 && node.Input[2].Length > 0 && Constant(node, 2).Values.Any(v => v != 0))
        {
            throw NodeError(node, "training_mode is true; VectorNN runs inference, where dropout passes its input through");
        }

        if (node.Input.Count >= 2 && node.Input[1].Length > 0)
        {
            Constant(node, 1);
        }
    }

    private void ReadFlatten(NodeProto node)
    {
        RequireInputs(node, 1, 1);
        long axis = IntAttribute(node, "axis", 1);
        if (axis != 1)
        {
            throw NodeError(node, $"axis is {axis}; VectorNN reads Flatten to [batch, features] (axis 1)");
        }

        rank = 2;
    }

    private void ReadReshape(NodeProto node)
    {
        RequireInputs(node, 2, 2);
        ConstantTensor shape = Constant(node, 1);
        double[] s = shape.Values;
        // [-1 or 0 or a batch size, -1 or 0 (copy) or the features]: anything else would not keep [batch, features].
        bool keeps = s.Length == 2 && s[0] >= -1 && s[1] switch
        {
            -1 => width > 0,
            0 => rank == 2 && width > 0,
            _ => s[1] > 0 && (width == 0 || s[1] == width),
        };
        if (!keeps)
        {
            throw NodeError(node, $"reshapes [batch, {(width > 0 ? width : "?")}] to [{string.Join(", ", s)}]; VectorNN reads Reshape to [batch, features] ([-1, {(width > 0 ? width : "features")}] or [0, -1])");
        }

        if (width == 0)
        {
            width = (long)s[1];
        }

        rank = 2;
    }

    private void ReadGemm(NodeProto node)
    {
        RequireInputs(node, 2, 3);
        foreach ((string name, float expected) in new[] { ("alpha", 1f), ("beta", 1f) })
        {
            float value = FloatAttribute(node, name, 1);
            if (value != expected)
            {
                throw NodeError(node, $"{name} is {value}; VectorNN reads Gemm with alpha 1 and beta 1");
            }
        }

        if (IntAttribute(node, "transA", 0) != 0)
        {
            throw NodeError(node, "transA is 1; VectorNN reads Gemm with the batch as rows (transA 0)");
        }

        ConstantTensor b = Weight(node, 1);
        double[] weights = IntAttribute(node, "transB", 0) != 0 ? b.Values : b.Transposed().Values;
        long outputs = IntAttribute(node, "transB", 0) != 0 ? b.Dims[0] : b.Dims[1];
        double[] bias = node.Input.Count == 3 && node.Input[2].Length > 0 ? Bias(node, 2, outputs) : new double[outputs];
        AddLayer(node, weights, bias);
    }

    private void AddLayer(NodeProto node, double[] weights, double[] bias)
    {
        if (ended)
        {
            throw NodeError(node, "follows the softmax; VectorNN allows softmax on the output layer only");
        }

        if (rank != 2)
        {
            throw NodeError(node, $"takes an input of rank {rank}; VectorNN needs [batch, features] here (add Flatten before the first layer)");
        }

        long outputs = bias.Length;
        long inputs = weights.Length / Math.Max(outputs, 1);
        if (outputs < 1 || inputs < 1)
        {
            throw NodeError(node, $"has a weight of {weights.Length} values for {outputs} outputs; expected at least one input and one output");
        }

        if (width != 0 && inputs != width)
        {
            throw NodeError(node, $"takes {inputs} inputs, but the value before it has {width} features; the shapes do not chain");
        }

        width = outputs;
        layers.Add(new Layer(node, (int)inputs, weights, bias));
    }

    private void AddBias(NodeProto node)
    {
        RequireInputs(node, 2, 2);
        Layer layer = layers[^1];
        if (layer.Activation is not null)
        {
            throw NodeError(node, $"adds to the output of an activation; {Supported}");
        }

        double[] bias = Bias(node, OtherInput(node), layer.Bias.Length);
        for (int i = 0; i < bias.Length; i++)
        {
            layer.Bias[i] += bias[i];
        }
    }

    private void ReadNormalization(NodeProto node)
    {
        RequireInputs(node, 2, 2);
        if (layers.Count > 0)
        {
            throw NodeError(node, $"follows a dense layer; VectorNN reads {node.OpType} by a constant before the first layer only (normalization); {Supported}");
        }

        ConstantTensor c = Constant(node, OtherInput(node));
        bool scalar = c.Values.Length == 1;
        bool perFeature = rank == 2 && c.Dims.Length >= 1 && c.Dims[^1] == c.Values.Length && (width == 0 || c.Values.Length == width);
        if (!scalar && !perFeature)
        {
            throw NodeError(node, $"applies a constant of shape {c.ShapeText} to [batch, {(width > 0 ? width : "?")}]; VectorNN reads a scalar or one value per feature as normalization");
        }

        if (!scalar && width == 0)
        {
            width = c.Values.Length;
        }

        if ((node.OpType is "Div" or "Mul") && c.Values.Any(v => v == 0 || !double.IsFinite(v)))
        {
            throw NodeError(node, $"{node.OpType.ToLowerInvariant()}s by a constant holding 0 or a non-finite value");
        }

        normalization.Add((node.OpType, c.Values));
    }

    /// <summary>The operand of a binary node that is not the walked value.</summary>
    private int OtherInput(NodeProto node) => node.Input[0] == value ? 1 : 0;

    private void SetActivation(NodeProto node, Activation activation)
    {
        RequireInputs(node, 1, 1);
        if (layers.Count == 0 || layers[^1].Activation is not null)
        {
            throw NodeError(node, $"{(layers.Count == 0 ? "comes before any Gemm or MatMul layer" : "follows another activation")}; VectorNN applies one activation per dense layer");
        }

        layers[^1].Activation = activation;
    }

    private OnnxModel Build(ModelProto model, int elementType)
    {
        var props = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (StringStringEntryProto p in model.MetadataProps)
        {
            props[p.Key] = p.Value;
        }

        int[] widths = [layers[0].Inputs, .. layers.Select(l => l.Bias.Length)];
        var specs = layers.Select(l => new LayerSpec(l.Bias.Length, l.Activation ?? Activation.Identity)).ToArray();
        long count = layers.Sum(l => (long)l.Weights.Length + l.Bias.Length);
        if (count > Array.MaxLength)
        {
            throw Error($"the layers hold {count} parameters; at most {Array.MaxLength} fit one network");
        }

        var parameters = new double[count];
        int offset = 0;
        foreach (Layer layer in layers)
        {
            foreach (double[] values in new[] { layer.Weights, layer.Bias })
            {
                for (int i = 0; i < values.Length; i++)
                {
                    if (!double.IsFinite(values[i]))
                    {
                        throw NodeError(layer.Node, $"parameter {i} of its {(values == layer.Bias ? "bias" : "weight")} is {values[i]}; expected finite values");
                    }
                }

                values.CopyTo(parameters, offset);
                offset += values.Length;
            }
        }

        if (graph.Output[0].Type?.TensorType?.Shape is { Dim.Count: > 0 } shape
            && shape.Dim[^1].ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue
            && shape.Dim[^1].DimValue != widths[^1])
        {
            throw Error($"output '{graph.Output[0].Name}' declares dims [{DimsText(shape)}], but the last layer has {widths[^1]} outputs");
        }

        var precision = elementType == (int)TensorProto.Types.DataType.Float ? ModelPrecision.Single : ModelPrecision.Double;
        var metadata = new ModelMetadata
        {
            Loss = ImportedMetadata.LossOf(props, specs[^1].Activation),
            Normalization = ImportedMetadata.NormalizationOf(props, normalization, widths[0], precision, Error),
            Classes = ImportedMetadata.NamesOf(props, OnnxFormat.ClassesKey, widths[^1]),
            Targets = ImportedMetadata.NamesOf(props, OnnxFormat.TargetsKey, widths[^1]),
        };
        return new OnnxModel(precision, metadata, widths, specs, parameters, logSoftmax);
    }

    private ConstantTensor Weight(NodeProto node, int input)
    {
        ConstantTensor w = Constant(node, input);
        if (w.Dims.Length != 2 || w.Values.Length == 0)
        {
            throw NodeError(node, $"weight '{node.Input[input]}' has shape {w.ShapeText}; expected a non-empty matrix");
        }

        RequireFloat(node, input, w);
        return w;
    }

    private double[] Bias(NodeProto node, int input, long outputs)
    {
        ConstantTensor b = Constant(node, input);
        RequireFloat(node, input, b);
        if (b.Values.Length == 1)
        {
            return Enumerable.Repeat(b.Values[0], (int)outputs).ToArray();
        }

        if (b.Values.Length != outputs || b.Dims.Length == 0 || b.Dims[^1] != outputs)
        {
            throw NodeError(node, $"bias '{node.Input[input]}' has shape {b.ShapeText}; expected [{outputs}] or [1, {outputs}] for {outputs} outputs");
        }

        // A copy: a later Add accumulates into it, and the constant may serve elsewhere too.
        return (double[])b.Values.Clone();
    }

    private void RequireFloat(NodeProto node, int input, ConstantTensor t)
    {
        if (t.ElementType is not ((int)TensorProto.Types.DataType.Float or (int)TensorProto.Types.DataType.Double))
        {
            throw NodeError(node, $"'{node.Input[input]}' is {ConstantTensor.TypeName(t.ElementType)}; expected float or double");
        }
    }

    private ConstantTensor Constant(NodeProto node, int input)
    {
        string name = node.Input[input];
        if (constants.TryGetValue(name, out ConstantTensor? value))
        {
            return value;
        }

        throw NodeError(node, produced.Contains(name) || graph.Input.Any(i => i.Name == name)
            ? $"input '{name}' is computed in the graph, not a constant; VectorNN needs weights and constants stored in the model (initializers)"
            : $"input '{name}' is neither an initializer nor produced by any node (a missing initializer)");
    }

    private void RequireInputs(NodeProto node, int min, int max)
    {
        if (node.Input.Count < min || node.Input.Count > max)
        {
            throw NodeError(node, $"has {node.Input.Count} inputs; expected {(min == max ? $"{min}" : $"{min} to {max}")}");
        }

        foreach (string extra in node.Output.Skip(1).Where(o => o.Length > 0 && consumers.ContainsKey(o)))
        {
            throw NodeError(node, $"its output '{extra}' is used; VectorNN reads only a node's first output");
        }
    }

    private float FloatAttribute(NodeProto node, string name, float fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.F : fallback;

    private long IntAttribute(NodeProto node, string name, long fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.I : fallback;

    private static string DimsText(TensorShapeProto shape) =>
        string.Join(", ", shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture) : d.DimParam is { Length: > 0 } p ? p : "?"));

    private string Display(NodeProto node) => node.Name.Length > 0 ? node.Name : $"#{index[node]}";

    private OnnxFormatException Error(string message) => new(path, message);

    private OnnxFormatException NodeError(NodeProto node, string message) =>
        new(path, $"node '{Display(node)}' ({node.OpType}): {message}") { Node = Display(node) };

    /// <summary>A dense layer as read: weights [out, in] row-major, bias [out], and its activation once one follows.</summary>
    private sealed class Layer(NodeProto node, int inputs, double[] weights, double[] bias)
    {
        public NodeProto Node { get; } = node;

        public int Inputs { get; } = inputs;

        public double[] Weights { get; } = weights;

        public double[] Bias { get; } = bias;

        public Activation? Activation { get; set; }
    }
}
