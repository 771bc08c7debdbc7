using System.Text.Json;
using System.Text.Json.Nodes;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using Xunit;
using static VectorNN.Tests.IO.StateDicts;

namespace VectorNN.Tests.IO;

/// <summary>
/// PyTorch state_dicts saved as safetensors (Fixtures/state-dict-*.safetensors, written with PyTorch by
/// Fixtures/make_state_dict_fixtures.py, with PyTorch's outputs in state-dict-fixtures.json) imported as VectorNN
/// models, and crafted files that must be refused with the tensor named.
/// </summary>
public sealed class StateDictImportTests
{
    // The expected outputs are PyTorch's, computed in double from the stored weights (float weights widened exactly).
    // A double network does the same few dozen operations per output (fan-in <= 9, 8 layers at most, outputs in
    // [0, 1] or O(1)), each rounding at 1.1e-16 relative, with exp/tanh within a few ulps: the difference stays below
    // ~1e-14. A float network rounds at 6e-8 with the same counts: below ~1e-6. Each bound keeps a 10x-100x margin,
    // and a wrong layer order, a missing bias or a transposed weight moves outputs by O(0.1).
    private const double DoubleTolerance = 1e-12;
    private const double FloatTolerance = 1e-5;

    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    [Theory]
    [InlineData("sequential")]
    [InlineData("custom")]
    [InlineData("shuffled")]
    public void ImportedNetworksComputePyTorchsOutputs(string name)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "state-dict-fixtures.json")));
        JsonElement fixture = document.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        Activation[] activations = [.. fixture.GetProperty("activations").EnumerateArray().Select(a => Parse(a.GetString()!))];
        string[]? order = fixture.GetProperty("order").ValueKind == JsonValueKind.Null
            ? null
            : [.. fixture.GetProperty("order").EnumerateArray().Select(o => o.GetString()!)];
        double[][] inputs = Rows(fixture.GetProperty("inputs"));
        double[][] expected = Rows(fixture.GetProperty("outputs"));

        LoadedModel model = StateDictImport.Load(Path.Combine(Fixtures, fixture.GetProperty("file").GetString()!), activations, order);

        Assert.Equal(fixture.GetProperty("dtype").GetString() == "F32" ? ModelPrecision.Single : ModelPrecision.Double, model.Precision);
        Assert.Equal(activations, model.Activations);
        Network<double> doubles = model.AsDouble();
        Network<float> singles = model.AsSingle();
        for (int s = 0; s < inputs.Length; s++)
        {
            var outDouble = new double[expected[s].Length];
            var outSingle = new float[expected[s].Length];
            doubles.Predict(inputs[s], outDouble);
            singles.Predict([.. inputs[s].Select(x => (float)x)], outSingle);
            for (int k = 0; k < outDouble.Length; k++)
            {
                Assert.True(Math.Abs(outDouble[k] - expected[s][k]) <= DoubleTolerance, $"{name} sample {s} output {k}: double {outDouble[k]}, PyTorch {expected[s][k]}");
                Assert.True(Math.Abs(outSingle[k] - expected[s][k]) <= FloatTolerance, $"{name} sample {s} output {k}: float {outSingle[k]}, PyTorch {expected[s][k]}");
            }
        }
    }

    [Fact]
    public void SequentialNamesGiveTheLayersAndDefaultLoss()
    {
        LoadedModel model = StateDictImport.Load(Path.Combine(Fixtures, "state-dict-sequential.safetensors"), [Activation.Relu, Activation.Relu, Activation.Softmax]);

        Assert.Equal([4, 9, 6, 3], model.LayerWidths);
        Assert.Equal(Loss.CrossEntropy, model.Metadata.Loss);
        Assert.Null(model.Metadata.Normalization);
        Assert.Equal((4 * 9) + 9 + (9 * 6) + 6 + (6 * 3) + 3, model.ParameterCount);
    }

    [Fact]
    public void NamesOrderNaturallyWithinAndAcrossSegments()
    {
        string[] names = ["hidden.10", "fc10", "hidden.2", "0", "fc2", "10", "2", "hidden.0", "hidden.02"];

        string[] sorted = [.. names.Order(Comparer<string>.Create(StateDictImport.NaturalCompare))];

        Assert.Equal(["0", "2", "10", "fc2", "fc10", "hidden.0", "hidden.02", "hidden.2", "hidden.10"], sorted);
    }

    [Fact]
    public void ALayerWithoutBiasGetsAZeroBias()
    {
        using var folder = new TempFolder();
        string path = Write(folder, "m.safetensors", Weight("0.weight", 2, 3), Weight("2.weight", 1, 2), Bias("2.bias", 1));

        Network<double> network = StateDictImport.Load(path, [Activation.Identity, Activation.Identity]).AsDouble();
        var output = new double[1];
        network.Predict([1.0, -1.0, 2.0], output);

        // Layer 0: W = [[.1 .2 .3] [.4 .5 .6]], no bias: [0.5, 1.1]; layer 2: [.1 .2] . [0.5, 1.1] - 0.1 = 0.17.
        Assert.Equal(0.17, output[0], 1e-6);
    }

    [Fact]
    public void MetadataAsSafetensorsSaveModelWritesItIsIgnored()
    {
        using var folder = new TempFolder();
        string path = Write(folder, "m.safetensors", new JsonObject { ["format"] = "pt" }, Weight("0.weight", 2, 3), Bias("0.bias", 2));

        LoadedModel model = StateDictImport.Load(path, [Activation.Relu]);

        Assert.Equal([3, 2], model.LayerWidths);
    }

    [Fact]
    public void ShapesThatDoNotChainNameTheTensor()
    {
        using var folder = new TempFolder();
        string path = Write(folder, "m.safetensors", Weight("0.weight", 3, 2), Bias("0.bias", 3), Weight("2.weight", 4, 5), Bias("2.bias", 4));

        var e = Assert.Throws<ModelFormatException>(() => StateDictImport.Load(path, [Activation.Relu, Activation.Softmax]));

        Assert.Contains("tensor 2.weight has shape [4, 5]", e.Message);
        Assert.Contains("'0', outputs 3", e.Message);
    }

    [Fact]
    public void NamesSortedOutOfForwardOrderAskForTheOrder()
    {
        string path = Path.Combine(Fixtures, "state-dict-shuffled.safetensors");

        var e = Assert.Throws<ModelFormatException>(() => StateDictImport.Load(path, [Activation.Relu, Activation.Relu, Activation.Identity]));

        Assert.Contains("tensor input.weight has shape [4, 3]", e.Message);
        Assert.Contains("hidden.0, input, output", e.Message);
    }

    [Fact]
    public void AWrongActivationCountIsRefused()
    {
        var e = Assert.Throws<ModelFormatException>(
            () => StateDictImport.Load(Path.Combine(Fixtures, "state-dict-sequential.safetensors"), [Activation.Relu, Activation.Softmax]));

        Assert.Contains("3 layers (0, 2, 4), but 2 activations", e.Message);
    }

    [Fact]
    public void ABiasWithoutWeightIsRefused()
    {
        using var folder = new TempFolder();
        string path = Write(folder, "m.safetensors", Weight("fc1.weight", 3, 2), Bias("fc1.bias", 3), Bias("fc2.bias", 2));

        var e = Assert.Throws<ModelFormatException>(() => StateDictImport.Load(path, [Activation.Relu, Activation.Softmax]));

        Assert.Contains("tensor fc2.bias has no fc2.weight", e.Message);
    }

    [Fact]
    public void ABiasOfTheWrongWidthIsRefused()
    {
        using var folder = new TempFolder();
        string path = Write(folder, "m.safetensors", Weight("fc1.weight", 3, 2), Bias("fc1.bias", 4));

        var e = Assert.Throws<ModelFormatException>(() => StateDictImport.Load(path, [Activation.Relu]));

        Assert.Contains("tensor fc1.bias has shape [4]; expected [3]", e.Message);
    }

    [Theory]
    [InlineData(new long[] { 6 })]
    [InlineData(new long[] { 1, 2, 3 })]
    [InlineData(new long[] { 0, 6 })]
    public void AWeightThatIsNotAMatrixIsRefused(long[] shape)
    {
        using var folder = new TempFolder();
        long count = shape.Aggregate(1L, (a, d) => a * d);
        string path = Write(folder, "m.safetensors", new Tensor("fc1.weight", shape, new double[count]));

        var e = Assert.Throws<ModelFormatException>(() => StateDictImport.Load(path, [Activation.Relu]));

        Assert.Contains("tensor fc1.weight has shape", e.Message);
        Assert.Contains("expected [out, in]", e.Message);
    }

    [Theory]
    [InlineData("F16", 2)]
    [InlineData("BF16", 2)]
    [InlineData("I64", 8)]
    public void UnsupportedDTypesAreRefused(string dtype, int size)
    {
        using var folder = new TempFolder();
        string path = Write(folder, "m.safetensors", Weight("0.weight", 2, 2), new Tensor("0.bias", [2], [0, 0], dtype, size));

        var e = Assert.Throws<ModelFormatException>(() => StateDictImport.Load(path, [Activation.Relu]));

        Assert.Contains($"tensor 0.bias: dtype '{dtype}' is not supported; expected F32 or F64", e.Message);
    }

    [Fact]
    public void OtherTensorsThanLinearParametersAreRefused()
    {
        using var folder = new TempFolder();
        string path = Write(folder, "m.safetensors", Weight("0.weight", 2, 2), new Tensor("1.running_mean", [2], [0, 0]));

        var e = Assert.Throws<ModelFormatException>(() => StateDictImport.Load(path, [Activation.Relu]));

        Assert.Contains("tensor 1.running_mean: expected only nn.Linear parameters", e.Message);
    }

    [Fact]
    public void ANonFiniteValueIsRefused()
    {
        using var folder = new TempFolder();
        string path = Write(folder, "m.safetensors", new Tensor("0.weight", [1, 2], [1, double.NaN]));

        var e = Assert.Throws<ModelFormatException>(() => StateDictImport.Load(path, [Activation.Identity]));

        Assert.Contains("tensor 0.weight: element 1 is NaN", e.Message);
    }

    [Fact]
    public void AnOrderNamingAnUnknownLayerIsRefused()
    {
        var e = Assert.Throws<ModelFormatException>(() => StateDictImport.Load(
            Path.Combine(Fixtures, "state-dict-shuffled.safetensors"), [Activation.Relu, Activation.Relu, Activation.Identity], ["input", "hidden.1", "output"]));

        Assert.Contains("names 'hidden.1', which has no tensor hidden.1.weight; the file's layers are hidden.0, input, output", e.Message);
    }

    [Fact]
    public void AnOrderLeavingOutALayerIsRefused()
    {
        var e = Assert.Throws<ModelFormatException>(() => StateDictImport.Load(
            Path.Combine(Fixtures, "state-dict-shuffled.safetensors"), [Activation.Relu, Activation.Identity], ["input", "output"]));

        Assert.Contains("leaves out layer 'hidden.0' (tensor hidden.0.weight)", e.Message);
    }

    [Fact]
    public void AnOrderRepeatingALayerIsAnArgumentError()
    {
        var e = Assert.Throws<ArgumentException>(() => StateDictImport.Load(
            Path.Combine(Fixtures, "state-dict-shuffled.safetensors"), [Activation.Relu, Activation.Relu, Activation.Identity], ["input", "input", "output"]));

        Assert.Equal("order", e.ParamName);
    }

    [Fact]
    public void SoftmaxBeforeTheLastLayerAndALossThatDoesNotFitAreArgumentErrors()
    {
        string path = Path.Combine(Fixtures, "state-dict-sequential.safetensors");

        Assert.Equal("activations", Assert.Throws<ArgumentException>(() => StateDictImport.Load(path, [Activation.Softmax, Activation.Relu, Activation.Softmax])).ParamName);
        Assert.Equal("loss", Assert.Throws<ArgumentException>(() => StateDictImport.Load(path, [Activation.Relu, Activation.Relu, Activation.Identity], loss: Loss.CrossEntropy)).ParamName);
    }

    [Fact]
    public void HugeDeclaredShapesAreRefusedWithoutAllocating()
    {
        using var folder = new TempFolder();

        // 2^31 x 2^31 floats declared over 8 bytes of data: refused from the header, before anything of that size exists.
        string path = Write(folder, "m.safetensors", new Tensor("0.weight", [1L << 31, 1L << 31], [0, 0]));

        var e = Assert.Throws<ModelFormatException>(() => StateDictImport.Load(path, [Activation.Identity]));

        Assert.Contains("tensor 0.weight", e.Message);
    }

    [Fact]
    public void AModelFileStillNeedsItsMetadata()
    {
        // The state-dict reader accepts a header without __metadata__; loading a VectorNN model file must not.
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(Path.Combine(Fixtures, "state-dict-sequential.safetensors")));

        Assert.Contains("no __metadata__", e.Message);
    }

    private static Activation Parse(string name) => Names.TryParseActivation(name, out Activation a) ? a : throw new ArgumentException(name);

    private static double[][] Rows(JsonElement rows) => [.. rows.EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetDouble()).ToArray())];
}
