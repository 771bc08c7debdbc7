namespace VectorNN.Peers;

/// <summary>One timed figure: a median over repetitions, for one library, section, shape and thread count.</summary>
/// <param name="Section">iris, mlp-train, inference, gemm or onnx.</param>
/// <param name="Shape">What was computed, e.g. "batch 128" or "128x784x256" (m x k x n).</param>
/// <param name="Threads">The thread setting: torch.set_num_threads, ONNX Runtime's intra-op threads or Parallelism.MaxThreads.</param>
/// <param name="Library">TorchSharp, ONNX Runtime or VectorNN.</param>
/// <param name="Unit">The unit of <paramref name="Value"/>: us, samples/s or GFLOP/s.</param>
/// <param name="HigherIsBetter">True for throughputs, false for times.</param>
/// <param name="Value">The median.</param>
/// <param name="Spread">The repetitions' interquartile range over their median (see <see cref="Timed.Spread"/>).</param>
internal sealed record Measurement(
    string Section, string Shape, int Threads, string Library, string Unit, bool HigherIsBetter, double Value, double Spread)
{
    /// <summary>A time per call in microseconds.</summary>
    public static Measurement Microseconds(string section, string shape, int threads, string library, Timed timed) =>
        new(section, shape, threads, library, "us", false, timed.Seconds * 1e6, timed.Spread);

    /// <summary>A throughput: <paramref name="workPerCall"/> units of work per call (samples, or GFLOP), per second.</summary>
    public static Measurement Rate(string section, string shape, int threads, string library, string unit, double workPerCall, Timed timed) =>
        new(section, shape, threads, library, unit, true, workPerCall / timed.Seconds, timed.Spread);
}
