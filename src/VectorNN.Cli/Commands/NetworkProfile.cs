using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using VectorNN.Cli.Output;
using VectorNN.IO;
using VectorNN.Kernels;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Quantization;
using VectorNN.Training;

namespace VectorNN.Cli.Commands;

/// <summary>
/// <c>bench --model M</c> or <c>bench --layers W</c>: the training-step and inference throughput of the user's own
/// network at each batch size and thread count, with the spread over repetitions, GFLOP/s (<see cref="FlopCount"/>)
/// against the FMA peak measured in the same run, and the bytes allocated per call.
/// </summary>
internal static class NetworkProfile
{
    public static readonly Option<string?> ModelOption = new("--model") { Description = "Profile this model (.safetensors float, double or int8, or .onnx) instead of the built-in figures." };
    public static readonly Option<string?> LayersOption = new("--layers") { Description = "Profile a network of these widths, input first (e.g. 784,512,10), with random weights." };
    public static readonly Option<string?> ActivationOption = new("--activation") { Description = "With --layers: the hidden activation (default relu); the output is softmax with cross-entropy." };
    public static readonly Option<string?> BatchOption = new("--batch") { Description = "Batch sizes, comma-separated, each 1 to 65,536 (default 1,32,128)." };
    public static readonly Option<string?> ThreadsOption = new("--threads") { Description = "Thread counts, comma-separated, each 1 to 1,024 (default 1 and the processor count)." };
    public static readonly Option<string?> PrecisionOption = new("--precision") { Description = "single|double|int8 (default: the model's, single for --layers); int8 measures inference only." };
    public static readonly Option<int?> RepetitionsOption = new("--repetitions") { Description = "Timed repetitions per run, 1 to 10,000 (default 25); each repetition lasts about a millisecond or one call." };

    /// <summary>The options of the profile, in help order.</summary>
    public static IReadOnlyList<Option> Options { get; } = [ModelOption, LayersOption, ActivationOption, BatchOption, ThreadsOption, PrecisionOption, RepetitionsOption];

    private const int DefaultRepetitions = 25;
    private const int MaxRepetitions = 10_000;

    // The learning rate of the timed steps: small, so repeated steps on one batch stay far from divergence.
    private const double StepRate = 1e-4;
    private static readonly TimeSpan Warmup = TimeSpan.FromMilliseconds(200);

    /// <summary>Whether the command line asks for a profile (<c>--model</c> or <c>--layers</c>); refuses its options without one.</summary>
    public static bool IsRequested(ParseResult result)
    {
        if (result.GetValue(ModelOption) is not null || result.GetValue(LayersOption) is not null)
        {
            return true;
        }

        foreach (Option option in Options)
        {
            if (result.GetResult(option) is { Implicit: false })
            {
                throw new UsageException($"{option.Name}: only with --model or --layers (the network to profile).");
            }
        }

        return false;
    }

    /// <summary>Checks every option, loads or builds the network, and runs the profile.</summary>
    public static int Run(ParseResult result)
    {
        string? model = result.GetValue(ModelOption);
        string? layers = result.GetValue(LayersOption);
        if (model is not null && layers is not null)
        {
            throw new UsageException("--model: give either --model or --layers, not both.");
        }

        if (model is not null && result.GetValue(ActivationOption) is not null)
        {
            throw new UsageException("--activation: only with --layers; a model file has its own activations.");
        }

        var settings = new Settings(
            PositiveList(result.GetValue(BatchOption) ?? "1,32,128", "--batch", OptionParsing.MaxBatch, "1,32,128"),
            PositiveList(result.GetValue(ThreadsOption) ?? $"1,{Environment.ProcessorCount}", "--threads", OptionParsing.MaxThreads, "1,2"),
            OptionParsing.InRange(result.GetValue(RepetitionsOption) ?? DefaultRepetitions, "--repetitions", 1, MaxRepetitions),
            result.GetValue(GlobalOptions.Json));
        string? precision = result.GetValue(PrecisionOption);
        if (precision is not (null or "single" or "double" or "int8"))
        {
            throw new UsageException($"--precision: expected single, double or int8, got '{precision}'.");
        }

        if (layers is null)
        {
            return ModelLoader.Run(model!, new FileAction(settings, precision));
        }

        int[] widths = OptionParsing.Layers(layers);
        OptionParsing.CheckParameters(widths, "--layers");
        Activation hidden = OptionParsing.Activation(result.GetValue(ActivationOption) ?? "relu", "--activation");
        if (hidden == Activation.Softmax)
        {
            throw new UsageException("--activation: softmax is for the output layer only; the output of --layers is softmax.");
        }

        var specs = new LayerSpec[widths.Length - 1];
        for (int i = 0; i < specs.Length; i++)
        {
            specs[i] = new LayerSpec(widths[i + 1], i == specs.Length - 1 ? Activation.Softmax : hidden);
        }

        var network = new Network<float>(widths[0], specs);
        network.Initialize(new WeightInit.He(), seed: 1);
        return new FileAction(settings, precision).Run(network, new ModelMetadata { Loss = Loss.CrossEntropy });
    }

    /// <summary>"1,32,128": each entry a whole number from 1 to <paramref name="max"/>; duplicates removed, order kept.</summary>
    private static int[] PositiveList(string text, string option, int max, string example)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new List<int>();
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) || value < 1 || value > max)
            {
                throw new UsageException(string.Create(
                    CultureInfo.InvariantCulture, $"{option}: expected comma-separated whole numbers from 1 to {max:N0} such as {example}, got '{text}' (item {i + 1}: '{parts[i]}')."));
            }

            if (!values.Contains(value))
            {
                values.Add(value);
            }
        }

        return [.. values];
    }

    /// <summary>What every run shares: the batch sizes, thread counts and repetitions, and the output form.</summary>
    private sealed record Settings(int[] Batches, int[] Threads, int Repetitions, bool Json);

    /// <summary>One network to time: its summary, and a timed call per batch size (training is null for int8).</summary>
    private sealed record Workload(string Precision, ModelSummary Summary, Func<int, Action>? Train, Func<int, Action> Infer, double PeakScale)
    {
        public int[] Widths { get; } = [Summary.InputCount, .. Summary.Layers.Select(l => l.Outputs)];

        public string Activations => string.Join(',', Summary.Layers.Select(l => VectorNN.Names.Of(l.Activation)));
    }

    /// <summary>One timed run: a kind (train or infer), batch size, thread count and the spread of a call's time.</summary>
    private sealed record Measurement(string Kind, int Batch, int Threads, TimingSpread Time, long FlopPerSample);

    /// <summary>Profiles a loaded (or built) network in the requested precision.</summary>
    private sealed class FileAction(Settings settings, string? precision) : IModelAction
    {
        public int Run<T>(Network<T> network, ModelMetadata metadata)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            string own = typeof(T) == typeof(double) ? "double" : "single";
            return (precision ?? own) switch
            {
                "single" => Profile(Floating(NetworkCopy.As<T, float>(network, "--precision single"), metadata), settings),
                "double" => Profile(Floating(NetworkCopy.As<T, double>(network, "--precision double"), metadata), settings),
                _ => Profile(Int8(Quantize(network), metadata), settings),
            };
        }

        public int Run(QuantizedNetwork network, ModelMetadata metadata) =>
            precision is null or "int8"
                ? Profile(Int8(network, metadata), settings)
                : throw new UsageException($"--precision {precision}: the model is int8, which runs in int8 only (profile its float model for {precision}).");

        private static QuantizedNetwork Quantize<T>(Network<T> network)
            where T : unmanaged, IBinaryFloatingPointIeee754<T>
        {
            try
            {
                return Quantizer.Quantize(network);
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--precision int8: {e.Message}");
            }
        }
    }

    private static Workload Floating<T>(Network<T> network, ModelMetadata metadata)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int inputs = network.InputCount, outputs = network.OutputCount;
        Loss loss = metadata.Loss;
        Action Train(int batch)
        {
            var trainer = new Trainer<T>(network, new Sgd<T>(StepRate), new TrainingOptions { Loss = loss, BatchSize = batch });
            (T[] x, T[] t) = SyntheticBatch.Of<T>(loss, batch, inputs, outputs, seed: 1);
            return () => trainer.TrainBatch(x, t, batch);
        }

        Action Infer(int batch)
        {
            (T[] x, _) = SyntheticBatch.Of<T>(loss, batch, inputs, outputs, seed: 2);
            var y = new T[batch * outputs];
            return () => network.Predict(x, batch, y);
        }

        // A double FMA does half a float one's lanes: its peak is half the measured float peak.
        bool isDouble = typeof(T) == typeof(double);
        return new Workload(isDouble ? "double" : "single", ModelSummary.Of(network, metadata), Train, Infer, isDouble ? 0.5 : 1);
    }

    private static Workload Int8(QuantizedNetwork network, ModelMetadata metadata)
    {
        int inputs = network.InputCount, outputs = network.OutputCount;
        Loss loss = metadata.Loss;
        Action Infer(int batch)
        {
            (float[] x, _) = SyntheticBatch.Of<float>(loss, batch, inputs, outputs, seed: 2);
            var y = new float[batch * outputs];
            return () => network.Predict(x, batch, y);
        }

        return new Workload("int8", ModelSummary.Of(network, metadata), null, Infer, 1);
    }

    private static int Profile(Workload work, Settings settings)
    {
        OptionParsing.CheckActivations(work.Widths, settings.Batches.Max());
        var notes = new List<string>();
        if (work.Train is null)
        {
            notes.Add("int8: inference only (an int8 network is not trained; training figures need --precision single or double)");
        }

        foreach (int t in settings.Threads.Where(t => t > Environment.ProcessorCount))
        {
            notes.Add($"--threads {t}: more threads than the {Environment.ProcessorCount} processors; they share the cores");
        }

        foreach (string note in notes)
        {
            Console.Error.WriteLine($"vectornn: note: {note}");
        }

        long inferFlop = work.Summary.InferenceFlopPerSample, trainFlop = work.Summary.TrainingFlopPerSample;
        var peaks = new SortedDictionary<int, double>();
        foreach (int t in settings.Threads)
        {
            peaks[t] = BenchCommand.FmaPeak(t);
        }

        var runs = new List<Measurement>();
        foreach (int batch in settings.Batches)
        {
            Action? train = work.Train?.Invoke(batch);
            Action infer = work.Infer(batch);
            foreach (int threads in settings.Threads)
            {
                if (train is not null)
                {
                    runs.Add(new Measurement("train", batch, threads, BenchCommand.WithThreads(threads, () => Stopwatches.Spread(train, Warmup, settings.Repetitions)), trainFlop));
                }

                runs.Add(new Measurement("infer", batch, threads, BenchCommand.WithThreads(threads, () => Stopwatches.Spread(infer, Warmup, settings.Repetitions)), inferFlop));
            }
        }

        double Gflops(Measurement run) => run.FlopPerSample * (double)run.Batch / run.Time.Median / 1e9;
        double PeakFraction(Measurement run) => Gflops(run) / (peaks[run.Threads] * work.PeakScale);
        if (settings.Json)
        {
            using var report = new JsonReport();
            report.String("layers", string.Join(',', work.Widths)).String("activations", work.Activations).String("precision", work.Precision);
            report.String("loss", VectorNN.Names.Of(work.Summary.Loss)).Number("parameters", work.Summary.ParameterCount);
            report.Number("inference_flop_per_sample", inferFlop).Number("training_flop_per_sample", trainFlop).Number("repetitions", settings.Repetitions);
            report.Writer.WriteStartObject("fma_peak_gflops");
            foreach ((int threads, double peak) in peaks)
            {
                report.Writer.WriteNumber(threads.ToString(CultureInfo.InvariantCulture), peak);
            }

            report.Writer.WriteEndObject();
            report.Writer.WriteStartArray("runs");
            foreach (Measurement run in runs)
            {
                Utf8Run(report.Writer, run, work.Precision, Gflops(run), PeakFraction(run));
            }

            report.Writer.WriteEndArray();
            report.Writer.WriteStartArray("notes");
            notes.ForEach(report.Writer.WriteStringValue);
            report.Writer.WriteEndArray();
            report.Number("processor_count", Environment.ProcessorCount).String("simd", Simd.Describe()).String("runtime", RuntimeInformation.FrameworkDescription);
            report.Print();
            return ExitCodes.Success;
        }

        Terminal.Line($"{string.Join('-', work.Widths)} ({work.Activations}), {work.Precision}, {work.Summary.ParameterCount:N0} parameters; " +
            $"{inferFlop:N0} FLOP per sample inferred, {trainFlop:N0} per sample trained (2 per multiply-add); {RuntimeInformation.FrameworkDescription}, SIMD: {Simd.Describe()}");
        foreach ((int threads, double peak) in peaks)
        {
            Terminal.Line($"FMA peak, {Plural(threads, "thread")}: {peak:F1} GFLOP/s");
        }

        if (Terminal.IsInteractive)
        {
            Terminal.Table(
                ["run", "batch", "threads", "median us", "IQR us", "min-max us", "samples/s", "GFLOP/s", "% of peak", "B/call"],
                runs.Select(r => (IReadOnlyList<string>)[
                    r.Kind, Text(r.Batch), Text(r.Threads), Us(r.Time.Median), $"{Us(r.Time.Q1)}-{Us(r.Time.Q3)}", $"{Us(r.Time.Min)}-{Us(r.Time.Max)}",
                    (r.Batch / r.Time.Median).ToString("N0", CultureInfo.InvariantCulture), Gflops(r).ToString("F2", CultureInfo.InvariantCulture),
                    (100 * PeakFraction(r)).ToString("F1", CultureInfo.InvariantCulture), r.Time.AllocatedBytesPerCall.ToString("N0", CultureInfo.InvariantCulture)]));
        }
        else
        {
            foreach (Measurement r in runs)
            {
                Terminal.Line(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{r.Kind}, batch {r.Batch}, {Plural(r.Threads, "thread")}: median {Us(r.Time.Median)} us (IQR {Us(r.Time.Q1)}-{Us(r.Time.Q3)}, min {Us(r.Time.Min)}, max {Us(r.Time.Max)}), {r.Batch / r.Time.Median:N0} samples/s, {Gflops(r):F2} GFLOP/s, {100 * PeakFraction(r):F1}% of peak, {r.Time.AllocatedBytesPerCall:N0} B/call"));
            }
        }

        return ExitCodes.Success;
    }

    private static void Utf8Run(System.Text.Json.Utf8JsonWriter writer, Measurement run, string precision, double gflops, double peakFraction)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", run.Kind);
        writer.WriteNumber("batch", run.Batch);
        writer.WriteNumber("threads", run.Threads);
        writer.WriteString("precision", precision);
        writer.WriteNumber("repetitions", run.Time.Repetitions);
        writer.WriteNumber("calls_per_repetition", run.Time.CallsPerRepetition);
        writer.WriteNumber("median_us", run.Time.Median * 1e6);
        writer.WriteNumber("min_us", run.Time.Min * 1e6);
        writer.WriteNumber("max_us", run.Time.Max * 1e6);
        writer.WriteNumber("q1_us", run.Time.Q1 * 1e6);
        writer.WriteNumber("q3_us", run.Time.Q3 * 1e6);
        writer.WriteNumber("samples_per_s", run.Batch / run.Time.Median);
        writer.WriteNumber("gflops", gflops);
        writer.WriteNumber("peak_fraction", peakFraction);
        writer.WriteNumber("allocated_bytes_per_call", run.Time.AllocatedBytesPerCall);
        writer.WriteEndObject();
    }

    private static string Us(double seconds) => (seconds * 1e6).ToString(seconds < 1e-4 ? "F2" : "F1", CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
