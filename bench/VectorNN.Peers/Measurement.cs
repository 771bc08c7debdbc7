namespace VectorNN.Peers;

/// <summary>One timed figure: a median over repetitions, for one library, section, shape and thread count.</summary>
/// <param name="Section">iris, mlp-train, inference or gemm.</param>
/// <param name="Shape">What was computed, e.g. "batch 128" or "128x784x256" (m x k x n).</param>
/// <param name="Threads">The thread setting: torch.set_num_threads or Parallelism.MaxThreads.</param>
/// <param name="Library">TorchSharp or VectorNN.</param>
/// <param name="Unit">The unit of <paramref name="Value"/>: us, samples/s or GFLOP/s.</param>
/// <param name="HigherIsBetter">True for throughputs, false for times.</param>
/// <param name="Value">The median.</param>
internal sealed record Measurement(
    string Section, string Shape, int Threads, string Library, string Unit, bool HigherIsBetter, double Value);
