using System.CommandLine;
using System.Globalization;
using System.Numerics;
using VectorNN.Cli.Output;
using VectorNN.Data;
using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Memory;
using VectorNN.Quantization;
using VectorNN.Training;

namespace VectorNN.Cli.Commands;

/// <summary>
/// <c>gradcheck --model M --data D</c>: back-propagation of a stored network at its trained weights against central
/// differences in double, on the first samples of the user's data after the model's normalization, one sample at a
/// time so that the worst error of each layer names the sample that produced it; ReLU kinks are counted beside it.
/// </summary>
internal static class ModelGradcheck
{
    public static readonly Option<string?> ModelOption = new("--model") { Description = "Check this model (.safetensors float or double, or .onnx) at its stored weights; with --data." };
    public static readonly Option<string?> DataOption = new("--data") { Description = "With --model: the samples (CSV, or IDX images), normalized as the model says." };
    public static readonly Option<string?> LabelsOption = new("--labels") { Description = "IDX labels of --data (default: by the MNIST naming convention)." };
    public static readonly Option<string?> LabelOption = new("--label") { Description = "CSV class column of --data, by name or 0-based index (default: the last column)." };
    public static readonly Option<int?> SamplesOption = new("--samples") { Description = "With --model: check on the first N samples of --data, 1 to 1,000 (default 8)." };
    public static readonly Option<int?> ParametersOption = new("--parameters") { Description = "With --model: check a seeded sample of N parameters (at least one per layer) instead of all." };

    /// <summary>The options of the model check, in help order.</summary>
    public static IReadOnlyList<Option> Options { get; } = [ModelOption, DataOption, LabelsOption, LabelOption, SamplesOption, ParametersOption];

    private const int DefaultSamples = 8;
    private const int MaxSamples = 1_000;

    // Central differences take two forward passes of one sample (about as many multiply-adds as parameters) per checked
    // parameter and sample. 2e10 multiply-adds take a few seconds to a minute here.
    private const double MaxWork = 2e10;
    private const double MultiplyAddsPerSecond = 2e9;

    /// <summary>Whether the command line asks for a model check (<c>--model</c> or <c>--data</c>); refuses its options without one.</summary>
    public static bool IsRequested(ParseResult result)
    {
        if (result.GetValue(ModelOption) is not null || result.GetValue(DataOption) is not null)
        {
            return true;
        }

        foreach (Option option in Options)
        {
            if (result.GetResult(option) is { Implicit: false })
            {
                throw new UsageException($"{option.Name}: only with --model and --data (the model to check on your samples).");
            }
        }

        return false;
    }

    /// <summary>Checks the options, loads the model and the data, and runs the check.</summary>
    /// <param name="result">The parsed command line.</param>
    /// <param name="networkOptions">The options of the random network, which a model replaces.</param>
    /// <param name="lossOption">The loss option: when given, the loss to check (it must fit the model's output).</param>
    /// <param name="seedOption">The seed of the parameter sample.</param>
    public static int Run(ParseResult result, IEnumerable<Option> networkOptions, Option<string> lossOption, Option<ulong> seedOption)
    {
        string model = result.GetValue(ModelOption) ?? throw new UsageException("--data: give the model to check with --model.");
        string data = result.GetValue(DataOption) ?? throw new UsageException("--model: give the samples to check it on with --data.");
        foreach (Option option in networkOptions)
        {
            if (result.GetResult(option) is { Implicit: false })
            {
                throw new UsageException($"{option.Name}: a random network's option; --model checks the model's own network.");
            }
        }

        var request = new Request(
            model,
            data,
            OptionParsing.InRange(result.GetValue(SamplesOption) ?? DefaultSamples, "--samples", 1, MaxSamples),
            result.GetValue(ParametersOption),
            result.GetResult(lossOption) is { Implicit: false } ? OptionParsing.Loss(result.GetValue(lossOption)!) : null,
            result.GetValue(seedOption),
            result);
        if (request.Parameters is int p && p < 1)
        {
            throw new UsageException($"--parameters: expected at least 1 (and one per layer), got {p}.");
        }

        return ModelLoader.Run(model, new Action(request));
    }

    private sealed record Request(string Model, string Data, int Samples, int? Parameters, Loss? Loss, ulong Seed, ParseResult Result);

    /// <summary>The worst error of one layer over the samples, where it occurred, and the layer's kinks.</summary>
    private sealed record LayerResult(int Layer, int Checked, LayerGradientError Worst, int Sample, int Kinks, bool WorstAtKink);

    private sealed class Action(Request request) : IModelAction
    {
        public int Run<T>(Network<T> network, ModelMetadata metadata)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            Network<double> copy = NetworkCopy.As<T, double>(network, "--model");
            Loss loss = request.Loss ?? metadata.Loss;
            if (!loss.Fits(copy.OutputActivation))
            {
                throw new UsageException($"--loss: {Names.Of(loss)} does not fit the model's {Names.Of(copy.OutputActivation)} output layer.");
            }

            int[] parameters = ParameterSample(copy, request.Parameters, request.Seed);
            Dataset<double> samples = Samples(copy, metadata);
            RequireFeasible(copy, parameters.Length, samples.Count);
            LayerResult[] layers = Check(copy, loss, samples, parameters);
            return Report(layers, loss, samples.Count, parameters.Length, copy, typeof(T) == typeof(double) ? "double" : "single", request.Result.GetValue(GlobalOptions.Json));
        }

        public int Run(QuantizedNetwork network, ModelMetadata metadata) =>
            throw new UsageException("--model: an int8 model is not trained and has no gradients to check; check the float model it was quantized from.");

        /// <summary>The first <see cref="Request.Samples"/> samples of the data, normalized as the model says, in double.</summary>
        private Dataset<double> Samples(Network<double> network, ModelMetadata metadata)
        {
            Dataset<double> data = DataSource.Load<double>(request.Data, request.Result.GetValue(LabelsOption), request.Result.GetValue(LabelOption), metadata.Classes);
            if (data.InputWidth != network.InputCount || data.TargetWidth != network.OutputCount)
            {
                throw new DataFormatException(
                    request.Data, 0, 0, $"expected {network.InputCount} features and {network.OutputCount} classes (the model's), got {data.InputWidth} and {data.TargetWidth}");
            }

            if (data.Count == 0)
            {
                throw new DataFormatException(request.Data, 0, 0, "expected at least one sample, got none");
            }

            int count = Math.Min(request.Samples, data.Count);
            var first = new Dataset<double>(
                data.Inputs[..(count * data.InputWidth)].ToArray(), data.Targets[..(count * data.TargetWidth)].ToArray(), data.InputWidth, data.TargetWidth, data.ClassNames);
            metadata.Normalization?.Apply(first);
            return first;
        }
    }

    /// <summary>
    /// Every parameter's index, or a seeded sample of <paramref name="count"/> of them spread over the layers in
    /// proportion to their sizes, at least one per layer.
    /// </summary>
    private static int[] ParameterSample(Network<double> network, int? count, ulong seed)
    {
        int total = network.ParameterCount;
        ReadOnlySpan<LayerSlice> slices = network.Parameters.Slices;
        if (count is null || count >= total)
        {
            return [.. Enumerable.Range(0, total)];
        }

        if (count < slices.Length)
        {
            throw new UsageException($"--parameters: expected at least {slices.Length} (one per layer), got {count}.");
        }

        var sizes = new int[slices.Length];
        var quota = new int[slices.Length];
        for (int i = 0; i < sizes.Length; i++)
        {
            sizes[i] = slices[i].End - slices[i].WeightOffset;
            quota[i] = Math.Clamp((int)((double)count.Value * sizes[i] / total), 1, sizes[i]);
        }

        // Rounding leaves the quotas a few off the count: take from the largest, give to the one with the most room.
        while (quota.Sum() > count)
        {
            quota[Array.IndexOf(quota, quota.Max())]--;
        }

        while (quota.Sum() < count)
        {
            int roomiest = Enumerable.Range(0, sizes.Length).MaxBy(i => sizes[i] - quota[i]);
            quota[roomiest]++;
        }

        var random = new Random(unchecked((int)seed ^ 0x6C0C));
        var chosen = new List<int>(count.Value);
        for (int i = 0; i < slices.Length; i++)
        {
            // A partial Fisher-Yates shuffle of the layer's indices: the first quota[i] are a uniform sample.
            int[] indices = [.. Enumerable.Range(slices[i].WeightOffset, sizes[i])];
            for (int k = 0; k < quota[i]; k++)
            {
                int j = random.Next(k, indices.Length);
                (indices[k], indices[j]) = (indices[j], indices[k]);
            }

            chosen.AddRange(indices.Take(quota[i]).Order());
        }

        return [.. chosen];
    }

    /// <summary>Refuses a check that would take hours, with the estimate and the way to check fewer parameters.</summary>
    private static void RequireFeasible(Network<double> network, int checkedParameters, int samples)
    {
        double parameters = network.ParameterCount;
        double work = 2 * checkedParameters * parameters * samples;
        if (work <= MaxWork)
        {
            return;
        }

        double most = Math.Floor(MaxWork / (2 * parameters * samples));
        throw new UsageException(string.Create(
            CultureInfo.InvariantCulture,
            $"--parameters: checking {checkedParameters:N0} of the model's {parameters:N0} parameters on {samples} samples takes 2 forward passes of about {parameters:N0} multiply-adds per parameter and sample, {work:G3} in all (about {work / MultiplyAddsPerSecond / 60:N0} minutes at {MultiplyAddsPerSecond:G2} per second); expected at most {MaxWork:G2}: check a seeded sample with --parameters N (at most {most:N0} on {samples} samples), or fewer --samples."));
    }

    private static LayerResult[] Check(Network<double> network, Loss loss, Dataset<double> samples, int[] parameters)
    {
        ReadOnlySpan<LayerSlice> slices = network.Parameters.Slices;
        var results = new LayerResult[slices.Length];
        var kinks = new int[slices.Length];
        for (int s = 0; s < samples.Count; s++)
        {
            IReadOnlyList<LayerGradientError> errors = GradientCheck.Run(network, loss, samples.Input(s), samples.Target(s), 1, parameters);
            IReadOnlyList<int[]> kinked = GradientCheck.Kinks(network, samples.Input(s));
            for (int layer = 0; layer < slices.Length; layer++)
            {
                kinks[layer] += kinked[layer].Length;
                LayerGradientError e = errors[layer];
                if (results[layer] is null || !(e.MaxRelativeError <= results[layer].Worst.MaxRelativeError))
                {
                    LayerSlice slice = slices[layer];
                    int unit = e.ParameterIndex < slice.BiasOffset ? (e.ParameterIndex - slice.WeightOffset) / slice.Inputs : e.ParameterIndex - slice.BiasOffset;

                    // A step of this parameter moves the pre-activation of its own unit, and through it every later layer's.
                    bool atKink = kinked[layer].Contains(unit) || Enumerable.Range(layer + 1, slices.Length - layer - 1).Any(l => kinked[l].Length > 0);
                    results[layer] = new LayerResult(layer, parameters.Count(i => i >= slice.WeightOffset && i < slice.End), e, s, 0, atKink);
                }
            }
        }

        return [.. results.Select((r, layer) => r with { Kinks = kinks[layer] })];
    }

    private static int Report(LayerResult[] layers, Loss loss, int samples, int checkedParameters, Network<double> network, string precision, bool json)
    {
        double worst = layers.Max(l => double.IsNaN(l.Worst.MaxRelativeError) ? double.PositiveInfinity : l.Worst.MaxRelativeError);
        bool passed = worst <= GradcheckCommand.Threshold;
        LayerResult worstLayer = layers.MaxBy(l => double.IsNaN(l.Worst.MaxRelativeError) ? double.PositiveInfinity : l.Worst.MaxRelativeError)!;
        if (json)
        {
            using var report = new JsonReport();
            report.String("precision", precision).String("loss", Names.Of(loss)).Number("samples", samples);
            report.Number("parameters", network.ParameterCount).Number("parameters_checked", checkedParameters);
            report.Number("step", GradientCheck.Step).Number("threshold", GradcheckCommand.Threshold).Writer.WriteBoolean("passed", passed);
            report.Numbers("max_relative_error_per_layer", layers.Select(l => l.Worst.MaxRelativeError));
            report.Writer.WriteStartArray("layers");
            foreach (LayerResult l in layers)
            {
                report.Writer.WriteStartObject();
                report.Writer.WriteNumber("layer", l.Layer);
                report.Writer.WriteNumber("parameters_checked", l.Checked);
                report.Writer.WriteNumber("max_relative_error", l.Worst.MaxRelativeError);
                report.Writer.WriteNumber("sample", l.Sample);
                report.Writer.WriteNumber("parameter", l.Worst.ParameterIndex);
                report.Writer.WriteString("parameter_name", ParameterName(network, l.Layer, l.Worst.ParameterIndex));
                report.Writer.WriteNumber("backpropagated", l.Worst.Backpropagated);
                report.Writer.WriteNumber("numeric", l.Worst.Numeric);
                report.Writer.WriteNumber("kinks", l.Kinks);
                report.Writer.WriteBoolean("worst_at_kink", l.WorstAtKink);
                report.Writer.WriteEndObject();
            }

            report.Writer.WriteEndArray();
            report.Print();
        }
        else
        {
            Terminal.Heading($"Gradient check: {precision} model checked in double, {Names.Of(loss)}, {samples} samples (one at a time), {checkedParameters:N0} of {network.ParameterCount:N0} parameters");
            if (Terminal.IsInteractive)
            {
                Terminal.Table(
                    ["layer", "checked", "max relative error", "sample", "parameter", "back-propagation", "finite difference", "kinks", "worst at a kink"],
                    layers.Select(l => (IReadOnlyList<string>)[
                        Text(l.Layer), Text(l.Checked), Error(l.Worst.MaxRelativeError), Text(l.Sample), ParameterName(network, l.Layer, l.Worst.ParameterIndex),
                        Value(l.Worst.Backpropagated), Value(l.Worst.Numeric), Text(l.Kinks), l.WorstAtKink ? "yes" : "no"]));
            }
            else
            {
                foreach (LayerResult l in layers)
                {
                    Terminal.Line(
                        $"layer {l.Layer}: max relative error {Error(l.Worst.MaxRelativeError)} on sample {l.Sample} at {ParameterName(network, l.Layer, l.Worst.ParameterIndex)} " +
                        $"(back-propagation {Value(l.Worst.Backpropagated)}, finite difference {Value(l.Worst.Numeric)}{(l.WorstAtKink ? ", at a kink" : "")}); {l.Checked} parameters checked, {l.Kinks} kinks");
                }
            }

            Terminal.Line("sample: 0-based, in file order; kinks: ReLU or leaky-ReLU pre-activations within the step of zero, over all checked samples");
            Terminal.Line(passed
                ? $"passed: every layer within {Error(GradcheckCommand.Threshold)}"
                : $"FAILED: {Error(worst)} > {Error(GradcheckCommand.Threshold)} in layer {worstLayer.Layer} on sample {worstLayer.Sample}" +
                  (worstLayer.WorstAtKink ? ", at a kink: the central difference straddles a ReLU's corner there, where back-propagation takes the one-sided slope" : ", not at a kink"));
        }

        return passed ? ExitCodes.Success : ExitCodes.BadData;
    }

    /// <summary>The parameter's tensor name and position, e.g. <c>layers.0.weight[2,1]</c> or <c>layers.1.bias[0]</c>.</summary>
    private static string ParameterName(Network<double> network, int layer, int index)
    {
        LayerSlice slice = network.Parameters.Slices[layer];
        return index < slice.BiasOffset
            ? string.Create(CultureInfo.InvariantCulture, $"layers.{layer}.weight[{(index - slice.WeightOffset) / slice.Inputs},{(index - slice.WeightOffset) % slice.Inputs}]")
            : string.Create(CultureInfo.InvariantCulture, $"layers.{layer}.bias[{index - slice.BiasOffset}]");
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Error(double value) => value.ToString("0.00E+00", CultureInfo.InvariantCulture);

    private static string Value(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
