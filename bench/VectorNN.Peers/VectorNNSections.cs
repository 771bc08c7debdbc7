using VectorNN.Kernels;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Training;

namespace VectorNN.Peers;

/// <summary>The sections timed with VectorNN, float32, with <see cref="Parallelism.MaxThreads"/> set to the thread count.</summary>
internal static class VectorNNSections
{
    private const string Library = "VectorNN";

    public static List<Measurement> Run(string section, int threads)
    {
        Parallelism.MaxThreads = threads;
        return section switch
        {
            "iris" => Iris(threads),
            "mlp-train" => MlpTraining(threads),
            "inference" => Inference(threads),
            "gemm" => GemmProducts(threads),
            _ => throw new ArgumentException($"Unknown section '{section}'."),
        };
    }

    /// <summary>One online SGD step of the Iris tutorial's 4-5-3 network, as <c>IrisStepBench</c>.</summary>
    private static List<Measurement> Iris(int threads)
    {
        var network = new Network<float>(4, new LayerSpec(5, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Uniform(-0.01, 0.01), seed: 3);
        var trainer = new Trainer<float>(network, new Sgd<float>(0.05), new TrainingOptions { Loss = Loss.HalfSumSquaredError });
        double seconds = Timing.MedianSeconds(() => trainer.TrainBatch(Workloads.IrisInput, Workloads.IrisTarget, 1));
        return [new("iris", "4-5-3 step", threads, Library, "us", false, seconds * 1e6)];
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
            double seconds = Timing.MedianSeconds(() => trainer.TrainBatch(inputs, targets, batch));
            rows.Add(new("mlp-train", $"batch {batch}", threads, Library, "samples/s", true, batch / seconds));
        }

        return rows;
    }

    /// <summary><see cref="Network{T}.Predict(ReadOnlySpan{T}, Span{T})"/> of one sample, and of a batch.</summary>
    private static List<Measurement> Inference(int threads)
    {
        Network<float> network = Mlp();
        float[] one = Workloads.Random(784, 2);
        float[] oneOut = new float[10];
        double single = Timing.MedianSeconds(() => network.Predict(one, oneOut));

        int batch = Workloads.InferenceBatch;
        float[] many = Workloads.Random(batch * 784, 3);
        float[] manyOut = new float[batch * 10];
        double batched = Timing.MedianSeconds(() => network.Predict(many, batch, manyOut));
        return
        [
            new("inference", "1 sample", threads, Library, "us", false, single * 1e6),
            new("inference", $"batch {batch}", threads, Library, "samples/s", true, batch / batched),
        ];
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
            double seconds = Timing.MedianSeconds(() => Gemm.Multiply<float>(a, MatrixTranspose.None, b, MatrixTranspose.None, m, n, k, c));
            rows.Add(new("gemm", Workloads.GemmShape(shape), threads, Library, "GFLOP/s", true, Workloads.Gflops(shape, seconds)));
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
