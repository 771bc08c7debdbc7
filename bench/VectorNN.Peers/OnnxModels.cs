using VectorNN.IO;
using VectorNN.Layers;
using VectorNN.Onnx;

namespace VectorNN.Peers;

/// <summary>
/// The models of the <c>onnx</c> section. The launching process builds them with VectorNN, exports them once with
/// VectorNN.Onnx's exporter into a folder, and checks that ONNX Runtime and VectorNN compute the same outputs from
/// those files; then ONNX Runtime runs each file as it is and VectorNN runs the network it imports from the same file,
/// so both time the same weights and the same graph.
/// </summary>
internal static class OnnxModels
{
    /// <summary>784-256-128-10: ReLU, ReLU, softmax (He initialization, seed 1, as the inference section's network).</summary>
    public const string MlpFile = "mlp-784-256-128-10.onnx";

    /// <summary>The Iris tutorial's 4-5-3: tanh hidden layer, softmax output (Glorot initialization, seed 3).</summary>
    public const string IrisFile = "iris-4-5-3.onnx";

    /// <summary>
    /// The largest difference between the two libraries' outputs (probabilities in [0, 1]) that the check accepts.
    /// Both compute in float32, with different summation orders and exp and tanh implementations, so they differ by
    /// rounding: a few units of 2^-24 relative per operation over sums of a few hundred terms of order 1, far below
    /// 1e-4; a misread weight layout or activation moves these probabilities by 1e-2 or more.
    /// </summary>
    private const float Tolerance = 1e-4f;

    /// <summary>Exports both models into <paramref name="folder"/>.</summary>
    public static void Write(string folder)
    {
        var mlp = new Network<float>(
            784, new LayerSpec(256, Activation.Relu), new LayerSpec(128, Activation.Relu), new LayerSpec(10, Activation.Softmax));
        mlp.Initialize(new WeightInit.He(), seed: 1);
        OnnxFile.Save(Path.Combine(folder, MlpFile), mlp, new ModelMetadata());

        var iris = new Network<float>(4, new LayerSpec(5, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        iris.Initialize(new WeightInit.Glorot(), seed: 3);
        OnnxFile.Save(Path.Combine(folder, IrisFile), iris, new ModelMetadata());
    }

    /// <summary>
    /// Runs every timed case once in ONNX Runtime and in VectorNN and returns the largest absolute difference of their
    /// outputs; throws when it exceeds <see cref="Tolerance"/>, because then the two would not be timing the same model.
    /// </summary>
    public static float CheckAgreement(string folder)
    {
        float largest = 0;
        foreach ((string file, _, float[] inputs, int batch) in Cases(folder))
        {
            using var ort = new OrtInference(file, 1, inputs, batch);
            ort.Run();
            Network<float> network = OnnxFile.Load(file).AsSingle();
            var output = new float[ort.Output.Length];
            network.Predict(inputs, batch, output);
            for (int i = 0; i < output.Length; i++)
            {
                largest = MathF.Max(largest, MathF.Abs(output[i] - ort.Output[i]));
            }
        }

        return largest <= Tolerance
            ? largest
            : throw new InvalidOperationException($"ONNX Runtime and VectorNN differ by {largest:G3} on the exported models (tolerance {Tolerance:G3}).");
    }

    /// <summary>
    /// Times the section's cases with <paramref name="time"/> (given a model file, its input buffer and the batch) and
    /// labels them alike for every library: one sample in microseconds, a batch in samples per second.
    /// </summary>
    public static List<Measurement> Measure(string folder, int threads, string library, Func<string, float[], int, Timed> time)
    {
        var rows = new List<Measurement>();
        foreach ((string file, string shape, float[] inputs, int batch) in Cases(folder))
        {
            Timed timed = time(file, inputs, batch);
            rows.Add(batch == 1
                ? Measurement.Microseconds("onnx", shape, threads, library, timed)
                : Measurement.Rate("onnx", shape, threads, library, "samples/s", batch, timed));
        }

        return rows;
    }

    /// <summary>The cases: the MLP on one sample and on a batch, the Iris network on one sample (the inference section's inputs).</summary>
    private static (string File, string Shape, float[] Inputs, int Batch)[] Cases(string folder) =>
    [
        (Path.Combine(folder, MlpFile), "784-256-128-10, 1 sample", Workloads.Random(784, 2), 1),
        (Path.Combine(folder, MlpFile), $"784-256-128-10, batch {Workloads.InferenceBatch}", Workloads.Random(Workloads.InferenceBatch * 784, 3), Workloads.InferenceBatch),
        (Path.Combine(folder, IrisFile), "4-5-3, 1 sample", [.. Workloads.IrisInput], 1),
    ];
}
