namespace VectorNN.Peers;

/// <summary>
/// The section timed with ONNX Runtime (CPU execution provider): the exported models of <see cref="OnnxModels"/>, each
/// run through an <see cref="OrtInference"/> with preallocated buffers and the thread count as its intra-op threads.
/// </summary>
internal static class OrtSections
{
    /// <summary>The library's name in the table.</summary>
    public const string Library = "ONNX Runtime";

    public static List<Measurement> Run(string section, int threads, string models) => section switch
    {
        "onnx" => OnnxModels.Measure(models, threads, Library, (file, inputs, batch) =>
        {
            using var inference = new OrtInference(file, threads, inputs, batch);
            return Timing.Measure(inference.Run);
        }),
        _ => throw new ArgumentException($"Unknown section '{section}' for {Library}."),
    };
}
