using System.Globalization;
using VectorNN.Layers;

namespace VectorNN.Benchmarks;

/// <summary>
/// What <see cref="NetworkInferenceBenchmark"/> and <see cref="NetworkTrainingBenchmark"/> measure: one network (a
/// model file, or layer widths and a hidden activation), the batch sizes and the kernel thread counts. Set
/// <see cref="Current"/> before running the benchmarks, or let <see cref="VectorNNBenchmarks.Run"/> parse it from the
/// command line. The benchmark processes BenchmarkDotNet starts receive every case as a parameter value, so the settings
/// are read in the process that plans the run only.
/// </summary>
public sealed class NetworkBenchmarkSettings
{
    /// <summary>The settings the benchmarks' parameter sources read.</summary>
    public static NetworkBenchmarkSettings? Current { get; set; }

    /// <summary>Creates settings for a model file (<see cref="ModelPath"/>) or for <paramref name="layers"/>.</summary>
    /// <param name="modelPath">A VectorNN model file, or null to use <paramref name="layers"/>.</param>
    /// <param name="layers">The input width then each layer's width, when there is no model file.</param>
    /// <param name="activation">The hidden layers' activation for <paramref name="layers"/> (the output layer is softmax, as in <c>vectornn bench</c>).</param>
    /// <param name="batches">Samples per call, each at least 1.</param>
    /// <param name="threads">Kernel thread counts, each at least 1.</param>
    /// <param name="simdWidths">Whether to run one job per SIMD width (<see cref="SimdWidthConfig"/>).</param>
    /// <exception cref="ArgumentException">Neither or both of a model and layers, or a count below 1.</exception>
    public NetworkBenchmarkSettings(
        string? modelPath, IReadOnlyList<int>? layers, Activation activation, IReadOnlyList<int> batches, IReadOnlyList<int> threads, bool simdWidths = false)
    {
        if ((modelPath is null) == (layers is null))
        {
            throw new ArgumentException("Expected either --model FILE or --layers W0,W1,...; got " + (modelPath is null ? "neither." : "both."));
        }

        if (layers is not null)
        {
            RequireAtLeastOne("--layers", layers);
            if (layers.Count < 2)
            {
                throw new ArgumentException($"--layers: expected an input width and at least one layer width, got {layers.Count} width.");
            }
        }

        RequireAtLeastOne("--batch", batches);
        RequireAtLeastOne("--threads", threads);
        ModelPath = modelPath is null ? null : Path.GetFullPath(modelPath);
        Layers = layers?.ToArray();
        Activation = activation;
        Batches = batches.ToArray();
        Threads = threads.ToArray();
        SimdWidths = simdWidths;
    }

    /// <summary>The model file's full path, or null when the network is given by <see cref="Layers"/>.</summary>
    public string? ModelPath { get; }

    /// <summary>The input width then each layer's width, or null when the network is a model file.</summary>
    public IReadOnlyList<int>? Layers { get; }

    /// <summary>The hidden layers' activation of a network given by <see cref="Layers"/>.</summary>
    public Activation Activation { get; }

    /// <summary>Samples per benchmarked call.</summary>
    public IReadOnlyList<int> Batches { get; }

    /// <summary>Kernel thread counts (<see cref="VectorNN.Kernels.Parallelism.MaxThreads"/>).</summary>
    public IReadOnlyList<int> Threads { get; }

    /// <summary>Whether the run has one job per SIMD width rather than the machine's default only.</summary>
    public bool SimdWidths { get; }

    /// <summary>The network parameter value: the model's path, or the widths and activation (e.g. <c>784-256-10 relu</c>).</summary>
    public string NetworkCase =>
        ModelPath ?? string.Join('-', Layers!) + " " + Activation.ToString().ToLowerInvariant();

    /// <summary>
    /// Reads <c>--model FILE | --layers W0,W1,... [--activation NAME]</c>, <c>--batch B,...</c>, <c>--threads T,...</c>
    /// and <c>--simd-widths</c>; every argument after <c>--</c> and every option BenchmarkDotNet knows (such as
    /// <c>--job short</c> or <c>--filter</c>) is returned in <paramref name="benchmarkDotNetArgs"/>. Batches default to
    /// 1 and 32, threads to 1.
    /// </summary>
    /// <param name="args">The program's arguments.</param>
    /// <param name="benchmarkDotNetArgs">The arguments left for BenchmarkDotNet.</param>
    /// <exception cref="ArgumentException">A missing or malformed value, or a count below 1; the message names the option.</exception>
    public static NetworkBenchmarkSettings Parse(IReadOnlyList<string> args, out string[] benchmarkDotNetArgs)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? model = null;
        int[]? layers = null;
        var activation = Activation.Relu;
        int[] batches = [1, 32];
        int[] threads = [1];
        bool simdWidths = false;
        var rest = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "--model": model = Value(args, ref i); break;
                case "--layers": layers = Counts(arg, Value(args, ref i)); break;
                case "--activation": activation = ParseActivation(Value(args, ref i)); break;
                case "--batch": batches = Counts(arg, Value(args, ref i)); break;
                case "--threads": threads = Counts(arg, Value(args, ref i)); break;
                case "--simd-widths": simdWidths = true; break;
                case "--":
                    rest.AddRange(args.Skip(i + 1));
                    i = args.Count;
                    break;
                default: rest.Add(arg); break;
            }
        }

        benchmarkDotNetArgs = [.. rest];
        return new NetworkBenchmarkSettings(model, layers, activation, batches, threads, simdWidths);
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{args[i]}: expected a value after it.");
        }

        return args[++i];
    }

    private static int[] Counts(string option, string text)
    {
        var parts = text.Split(',');
        var counts = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out counts[i]) || counts[i] < 1)
            {
                throw new ArgumentException($"{option}: expected a comma-separated list of whole numbers of at least 1, got '{parts[i]}' in '{text}'.");
            }
        }

        return counts;
    }

    private static Activation ParseActivation(string text)
    {
        if (Enum.TryParse(text, ignoreCase: true, out Activation activation) && Enum.IsDefined(activation) && activation != Activation.Softmax)
        {
            return activation;
        }

        throw new ArgumentException($"--activation: expected identity, logistic, tanh, relu or leakyrelu, got '{text}'.");
    }

    private static void RequireAtLeastOne(string option, IReadOnlyList<int> counts)
    {
        if (counts.Count == 0 || counts.Any(c => c < 1))
        {
            throw new ArgumentException($"{option}: expected at least one value, each at least 1, got '{string.Join(',', counts)}'.");
        }
    }
}
