using VectorNN.Kernels;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Onnx;
using VectorNN.Optim;
using VectorNN.Quantization;
using VectorNN.Training;

namespace VectorNN.Peers;

/// <summary>The sections timed with VectorNN, float32, with <see cref="Parallelism.MaxThreads"/> set to the thread count.</summary>
internal static class VectorNNSections
{
    private const string Library = "VectorNN";

    /// <summary>The int8 variant (<see cref="Quantizer"/>) of the exported models, labelled apart in the table.</summary>
    private const string Int8Library = "VectorNN int8";

    private delegate void Predictor(ReadOnlySpan<float> inputs, int batch, Span<float> outputs);

    public static List<Measurement> Run(string section, int threads, string models)
    {
        Parallelism.MaxThreads = threads;
        return section switch
        {
            "iris" => Iris(threads),
            "mlp-train" => MlpTraining(threads),
            "inference" => Inference(threads),
            "gemm" => GemmProducts(threads),
            "onnx" => Onnx(threads, models),
            _ => throw new ArgumentException($"Unknown section '{section}'."),
        };
    }

    /// <summary>One online SGD step of the Iris tutorial's 4-5-3 network, as <c>IrisStepBench</c>.</summary>
    private static List<Measurement> Iris(int threads)
    {
        var network = new Network<float>(4, new LayerSpec(5, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Uniform(-0.01, 0.01), seed: 3);
        var trainer = new Trainer<float>(network, new Sgd<float>(0.05), new TrainingOptions { Loss = Loss.HalfSumSquaredError });
        Timed timed = Timing.Measure(() => trainer.TrainBatch(Workloads.IrisInput, Workloads.IrisTarget, 1));
        return [Measurement.Microseconds("iris", "4-5-3 step", threads, Library, timed)];
    }

    /// <summary>One SGD step of 784-256-128-10 per batch size, as <c>MlpStepBench</c>.</summary>
    private static List<Measurement> MlpTraining(int threads)
    {
        var rows = new List<Measurement>();
        foreach (int batch in Workloads.TrainingBatches)
        {
            float[] inputs = Workloads.Random(batch * 784, 1);
            float[] targets = Workloads.OneHot(batch);
            var trainer = new Trainer<float>(Mlp(), new Sgd<float>(0.01), new TrainingOptions { Loss = Loss.CrossEntropy, BatchSize = batch });
            Timed timed = Timing.Measure(() => trainer.TrainBatch(inputs, targets, batch));
            rows.Add(Measurement.Rate("mlp-train", $"batch {batch}", threads, Library, "samples/s", batch, timed));
        }

        return rows;
    }

    /// <summary><see cref="Network{T}.Predict(ReadOnlySpan{T}, int, Span{T})"/> of one sample, and of a batch.</summary>
    private static List<Measurement> Inference(int threads)
    {
        Network<float> network = Mlp();
        int batch = Workloads.InferenceBatch;
        return
        [
            Measurement.Microseconds("inference", "1 sample", threads, Library, TimePredict(network.Predict, network.OutputCount, Workloads.Random(784, 2), 1)),
            Measurement.Rate("inference", $"batch {batch}", threads, Library, "samples/s", batch, TimePredict(network.Predict, network.OutputCount, Workloads.Random(batch * 784, 3), batch)),
        ];
    }

    /// <summary>
    /// The network imported from each exported model file, as ONNX Runtime runs it; then its int8 quantization, which
    /// reads a quarter of the weight bytes.
    /// </summary>
    private static List<Measurement> Onnx(int threads, string models)
    {
        List<Measurement> rows = OnnxModels.Measure(models, threads, Library, (file, inputs, batch) =>
        {
            Network<float> network = OnnxFile.Load(file).AsSingle();
            return TimePredict(network.Predict, network.OutputCount, inputs, batch);
        });
        rows.AddRange(OnnxModels.Measure(models, threads, Int8Library, (file, inputs, batch) =>
        {
            QuantizedNetwork network = Quantizer.Quantize(OnnxFile.Load(file).AsSingle());
            return TimePredict(network.Predict, network.OutputCount, inputs, batch);
        }));
        return rows;
    }

    /// <summary>Prediction of <paramref name="batch"/> samples into an output array made beforehand.</summary>
    private static Timed TimePredict(Predictor predict, int outputCount, float[] inputs, int batch)
    {
        float[] outputs = new float[batch * outputCount];
        return Timing.Measure(() => predict(inputs, batch, outputs));
    }

    /// <summary><see cref="Gemm.Multiply"/> with both operands as stored (row-major, no transpose).</summary>
    private static List<Measurement> GemmProducts(int threads)
    {
        var rows = new List<Measurement>();
        foreach ((int m, int k, int n) shape in Workloads.GemmShapes)
        {
            (int m, int k, int n) = shape;
            float[] a = Workloads.Random(m * k, 4);
            float[] b = Workloads.Random(k * n, 5);
            float[] c = new float[m * n];
            Timed timed = Timing.Measure(() => Gemm.Multiply<float>(a, MatrixTranspose.None, b, MatrixTranspose.None, m, n, k, c));
            rows.Add(Measurement.Rate("gemm", Workloads.GemmShape(shape), threads, Library, "GFLOP/s", Workloads.Gflop(shape), timed));
        }

        return rows;
    }

    private static Network<float> Mlp()
    {
        var network = new Network<float>(
            784, new LayerSpec(256, Activation.Relu), new LayerSpec(128, Activation.Relu), new LayerSpec(10, Activation.Softmax));
        network.Initialize(new WeightInit.He(), seed: 1);
        return network;
    }
}
