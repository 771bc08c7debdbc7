using System.Numerics;
using System.Text.Json;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Memory;
using VectorNN.Optim;
using VectorNN.Training;
using Xunit;

namespace VectorNN.Tests.Oracles;

/// <summary>
/// Compares losses, gradients and optimizer steps with values computed by PyTorch (Fixtures/torch-fixtures.json, made
/// by Fixtures/make_torch_fixtures.py), so that a definition shared by the library and the MathNet oracle (a missing
/// 1/K, a sum where PyTorch takes a mean, a weight decay applied in the wrong place) cannot hide.
/// </summary>
public sealed class TorchFixtureTests
{
    // Double precision: every fixture value is O(1) (weights in [-1, 1], inputs in [-2, 2], at most 6 units a layer)
    // and comes from a few hundred roundings on each side, with exp/tanh within a few ulps; that bounds the
    // difference by ~1e-13 relative to the largest component. 1e-11 leaves a wide margin and is still eight orders of
    // magnitude below any definition error (which moves a value by a factor such as 1/2, 1/K or 1/batch).
    private const double DoubleTolerance = 1e-11;

    // Float: the same few hundred roundings at u = 6e-8 give up to ~1e-5 relative; 1e-4 keeps a margin.
    private const double FloatTolerance = 1e-4;

    private static readonly Dictionary<string, Activation> Activations = new()
    {
        ["identity"] = Activation.Identity,
        ["tanh"] = Activation.Tanh,
        ["logistic"] = Activation.Logistic,
        ["relu"] = Activation.Relu,
        ["softmax"] = Activation.Softmax,
    };

    private static readonly Dictionary<string, Loss> Losses = new()
    {
        ["half_sum_squared_error"] = Loss.HalfSumSquaredError,
        ["mean_squared_error"] = Loss.MeanSquaredError,
        ["cross_entropy"] = Loss.CrossEntropy,
        ["binary_cross_entropy"] = Loss.BinaryCrossEntropy,
    };

    private static readonly Lazy<JsonElement> Fixture = new(() =>
    {
        using JsonDocument document = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "torch-fixtures.json")));
        return document.RootElement.Clone();
    });

    public static TheoryData<string> NetworkCases() => Names("networks");

    public static TheoryData<string> OptimizerCases() => Names("optimizers");

    [Theory]
    [MemberData(nameof(NetworkCases))]
    public void LossAndGradients_MatchPyTorch_InDouble(string name) => CheckNetwork<double>(name, DoubleTolerance);

    [Theory]
    [MemberData(nameof(NetworkCases))]
    public void LossAndGradients_MatchPyTorch_InFloat(string name) => CheckNetwork<float>(name, FloatTolerance);

    [Theory]
    [MemberData(nameof(OptimizerCases))]
    public void OptimizerSteps_MatchPyTorch(string name)
    {
        JsonElement c = Case("optimizers", name);
        JsonElement h = c.GetProperty("hyperparameters");
        double lr = h.GetProperty("learning_rate").GetDouble();
        double decay = h.GetProperty("weight_decay").GetDouble();
        Optimizer<double> optimizer = h.GetProperty("optimizer").GetString() switch
        {
            "adam" => new Adam<double>(lr, Get(h, "beta1"), Get(h, "beta2"), Get(h, "epsilon")) { WeightDecay = decay },
            "adamw" => new AdamW<double>(lr, Get(h, "beta1"), Get(h, "beta2"), Get(h, "epsilon"), decay),
            "momentum" => new Momentum<double>(lr, Get(h, "momentum")) { WeightDecay = decay },
            "nesterov" => new Momentum<double>(lr, Get(h, "momentum"), nesterov: true) { WeightDecay = decay },
            var other => throw new InvalidOperationException($"fixture optimizer '{other}'"),
        };

        // An arena of 3 inputs and 2 outputs holds 3 x 2 weights and 2 biases: the fixture's 8 parameters.
        var arena = new ParameterArena<double>([3, 2]);
        double[] start = Doubles(c.GetProperty("parameters"));
        Assert.Equal(start.Length, arena.Count);
        start.CopyTo(arena.Values);
        JsonElement[] gradients = [.. c.GetProperty("gradients").EnumerateArray()];
        JsonElement[] after = [.. c.GetProperty("after_each_step").EnumerateArray()];
        for (int step = 0; step < gradients.Length; step++)
        {
            optimizer.Step(arena, Doubles(gradients[step]));
            AssertClose(Doubles(after[step]), arena.Values.ToArray(), DoubleTolerance, $"{name}, parameters after step {step + 1}");
        }
    }

    private static void CheckNetwork<T>(string name, double tolerance)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        JsonElement c = Case("networks", name);
        int[] widths = [.. c.GetProperty("widths").EnumerateArray().Select(e => e.GetInt32())];
        LayerSpec[] layers = [.. c.GetProperty("activations").EnumerateArray()
            .Select((e, i) => new LayerSpec(widths[i + 1], Activations[e.GetString()!]))];
        Loss loss = Losses[c.GetProperty("loss").GetString()!];
        int batch = c.GetProperty("batch").GetInt32();

        var network = new Network<T>(widths[0], layers);
        network.SetParameters(Cast<T>(Doubles(c.GetProperty("parameters"))));
        var pass = new Backpropagation<T>(network, loss, batch);
        var inputGradient = new T[batch * widths[0]];
        double value = pass.ComputeGradients(
            Cast<T>(Doubles(c.GetProperty("inputs"))), Cast<T>(Doubles(c.GetProperty("targets"))), batch, inputGradient);

        AssertClose([c.GetProperty("loss_value").GetDouble()], [value], tolerance, $"{name}, loss");
        AssertClose(Doubles(c.GetProperty("gradient")), ToDoubles<T>(pass.Gradients.Values), tolerance, $"{name}, parameter gradient");
        AssertClose(Doubles(c.GetProperty("input_gradient")), ToDoubles<T>(inputGradient), tolerance, $"{name}, input gradient");
    }

    /// <summary>Every component within <paramref name="tolerance"/> times the largest expected magnitude (at least 1).</summary>
    private static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1, expected.Max(Math.Abs));
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]);
            Assert.True(error <= tolerance * scale,
                $"{what}[{i}]: PyTorch {expected[i]:R}, VectorNN {actual[i]:R}, error {error:E2} > {tolerance:E0} x {scale:G4}");
        }
    }

    private static TheoryData<string> Names(string group)
    {
        var data = new TheoryData<string>();
        foreach (JsonElement c in Fixture.Value.GetProperty(group).EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }

        return data;
    }

    private static JsonElement Case(string group, string name) =>
        Fixture.Value.GetProperty(group).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static double Get(JsonElement element, string name) => element.GetProperty(name).GetDouble();

    private static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    private static T[] Cast<T>(double[] values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> => [.. values.Select(T.CreateTruncating)];

    private static double[] ToDoubles<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = double.CreateTruncating(values[i]);
        }

        return result;
    }
}
