using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using VectorNN.Cli.Output;
using VectorNN.Kernels;
using VectorNN.Layers;
using VectorNN.Losses;
using VectorNN.Optim;
using VectorNN.Quantization;
using VectorNN.Training;

namespace VectorNN.Cli.Commands;

/// <summary>
/// <c>bench</c>: a quick throughput probe (well under a minute) for people who want a number without BenchmarkDotNet:
/// the FMA peak, GEMM n = 512 on 1 and 2 threads, the 784-256-128-10 training step, the Iris step, and float and int8
/// inference, each on the default thread count and on one thread.
/// Figures are medians of repeated timings after a warm-up.
/// </summary>
internal static class BenchCommand
{
    private static readonly TimeSpan Warmup = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(1.5);

    public static Command Create()
    {
        var command = new Command(
            "bench", "A quick throughput probe: FMA peak, GEMM, training steps and inference (medians, float); with --model or --layers, a profile of that network.");
        foreach (Option option in NetworkProfile.Options)
        {
            command.Options.Add(option);
        }

        command.SetAction(result => NetworkProfile.IsRequested(result) ? NetworkProfile.Run(result) : Run(result));
        return command;
    }

    private static int Run(ParseResult result)
    {
        bool json = result.GetValue(GlobalOptions.Json);
        int threads = Parallelism.MaxThreads;
        var rows = new List<(string Name, string Value)>();
        void Note(string name, string value)
        {
            rows.Add((name, value));
            if (!json && !Terminal.IsInteractive)
            {
                Terminal.Line($"{name}: {value}");
            }
        }

        double peak = FmaPeak(1);
        Note("FMA peak, 1 thread", $"{peak:F1} GFLOP/s");
        double peak2 = FmaPeak(Math.Min(2, Environment.ProcessorCount));
        Note("FMA peak, 2 threads", $"{peak2:F1} GFLOP/s");
        double gemm1 = WithThreads(1, Gemm512);
        Note("GEMM n=512, 1 thread", $"{gemm1:F1} GFLOP/s");
        double gemm2 = WithThreads(Math.Min(2, Environment.ProcessorCount), Gemm512);
        Note("GEMM n=512, 2 threads", $"{gemm2:F1} GFLOP/s");
        // Every training and inference figure on the default thread count, then on one thread (_t1 in --json): the
        // second core of a shared machine is often busy, so the one-thread figures are the stable ones.
        var training = new Dictionary<int, double>[2];
        var iris = new double[2];
        var inference = new (double One, double Batched)[2];
        var int8 = new (double One, double Batched)[2];
        QuantizedNetwork quantized = Quantizer.Quantize(Mlp());
        int[] counts = [threads, 1];
        for (int i = 0; i < counts.Length; i++)
        {
            int t = counts[i];
            string on = i == 0 ? "" : ", 1 thread";
            training[i] = [];
            foreach (int batch in new[] { 32, 128, 512 })
            {
                training[i][batch] = WithThreads(t, () => MlpSamplesPerSecond(batch));
                Note($"784-256-128-10 training, batch {batch}{on}", $"{training[i][batch]:N0} samples/s");
            }

            iris[i] = WithThreads(t, IrisStepSeconds) * 1e6;
            Note($"Iris 4-5-3 online SGD step{on}", $"{iris[i]:F3} us");
            Network<float> network = Mlp();
            inference[i] = WithThreads(t, () => Inference(network.Predict));
            Note($"784-256-128-10 inference, 1 sample{on}", $"{inference[i].One * 1e6:F2} us");
            Note($"784-256-128-10 inference, batch 1024{on}", $"{inference[i].Batched:N0} samples/s");
            int8[i] = WithThreads(t, () => Inference(quantized.Predict));
            Note($"784-256-128-10 int8 inference, 1 sample{on}", $"{int8[i].One * 1e6:F2} us");
            Note($"784-256-128-10 int8 inference, batch 1024{on}", $"{int8[i].Batched:N0} samples/s");
        }

        if (json)
        {
            using var report = new JsonReport();
            report.Number("fma_peak_gflops_t1", peak).Number("fma_peak_gflops_t2", peak2).Number("gemm512_gflops_t1", gemm1).Number("gemm512_gflops_t2", gemm2);
            for (int i = 0; i < counts.Length; i++)
            {
                string suffix = i == 0 ? "" : "_t1";
                report.Writer.WriteStartObject("mlp_train_samples_per_s" + suffix);
                foreach ((int batch, double rate) in training[i])
                {
                    report.Writer.WriteNumber(batch.ToString(CultureInfo.InvariantCulture), rate);
                }

                report.Writer.WriteEndObject();
                report.Number("iris_step_us" + suffix, iris[i]).Number("infer_batch1_us" + suffix, inference[i].One * 1e6).Number("infer_batch1024_samples_per_s" + suffix, inference[i].Batched);
                report.Number("infer_int8_batch1_us" + suffix, int8[i].One * 1e6).Number("infer_int8_batch1024_samples_per_s" + suffix, int8[i].Batched);
            }

            report.Number("threads", threads).String("simd", Simd.Describe()).String("runtime", RuntimeInformation.FrameworkDescription);
            report.Print();
        }
        else if (Terminal.IsInteractive)
        {
            Terminal.Line($"{RuntimeInformation.FrameworkDescription}, SIMD: {Simd.Describe()}, {threads} threads");
            Terminal.Table(["measure", "median"], rows.Select(r => (IReadOnlyList<string>)[r.Name, r.Value]));
        }

        return ExitCodes.Success;
    }

    /// <summary>Runs <paramref name="measure"/> with <see cref="Parallelism.MaxThreads"/> at <paramref name="threads"/>, then restores it.</summary>
    internal static T WithThreads<T>(int threads, Func<T> measure)
    {
        int saved = Parallelism.MaxThreads;
        Parallelism.MaxThreads = threads;
        try
        {
            return measure();
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    /// <summary>
    /// Independent FMA chains on <paramref name="threads"/> threads at once: the ceiling GEMM is measured against. On a
    /// virtual machine the second figure also shows how much of a second core the host actually gives.
    /// </summary>
    internal static double FmaPeak(int threads)
    {
        const long Iterations = 1 << 22;
        double seconds = Stopwatches.Median(
            () =>
            {
                var others = new Thread[threads - 1];
                for (int i = 0; i < others.Length; i++)
                {
                    others[i] = new Thread(() => FmaThroughput.Run(Simd.Width, Iterations));
                    others[i].Start();
                }

                FmaThroughput.Run(Simd.Width, Iterations);
                foreach (Thread t in others)
                {
                    t.Join();
                }
            },
            Warmup,
            TimeSpan.FromSeconds(0.5));
        return threads * FmaThroughput.FlopsPerIteration(Simd.Width) * Iterations / seconds / 1e9;
    }

    private static double Gemm512()
    {
        const int N = 512;
        float[] a = Filled(N * N, 1), b = Filled(N * N, 2), c = new float[N * N];
        double seconds = Stopwatches.Median(
            () => Gemm.Multiply<float>(a, MatrixTranspose.None, b, MatrixTranspose.None, N, N, N, c), Warmup, Budget);
        return 2.0 * N * N * N / seconds / 1e9;
    }

    private static double MlpSamplesPerSecond(int batch)
    {
        Network<float> network = Mlp();
        var trainer = new Trainer<float>(network, new Sgd<float>(0.01), new TrainingOptions { Loss = Loss.CrossEntropy, BatchSize = batch });
        float[] inputs = Filled(batch * 784, 3);
        var targets = new float[batch * 10];
        for (int s = 0; s < batch; s++)
        {
            targets[(s * 10) + (s % 10)] = 1;
        }

        return batch / Stopwatches.Median(() => trainer.TrainBatch(inputs, targets, batch), Warmup, Budget);
    }

    private static double IrisStepSeconds()
    {
        var network = new Network<float>(4, new LayerSpec(5, Activation.Tanh), new LayerSpec(3, Activation.Softmax));
        network.Initialize(new WeightInit.Uniform(-0.01, 0.01), seed: 3);
        var trainer = new Trainer<float>(network, new Sgd<float>(0.05), new TrainingOptions { Loss = Loss.HalfSumSquaredError });
        float[] input = [5.1f, 3.5f, 1.4f, 0.2f], target = [1, 0, 0];

        // One step is far below the timer's resolution: time a thousand.
        return Stopwatches.Median(
            () =>
            {
                for (int i = 0; i < 1000; i++)
                {
                    trainer.TrainBatch(input, target, 1);
                }
            },
            Warmup,
            Budget) / 1000;
    }

    /// <summary>A batch prediction of the float or the int8 network.</summary>
    private delegate void BatchPrediction(ReadOnlySpan<float> inputs, int batch, Span<float> outputs);

    private static (double OneSample, double SamplesPerSecond) Inference(BatchPrediction predict)
    {
        float[] inputs = Filled(1024 * 784, 4);
        var outputs = new float[1024 * 10];
        double one = Stopwatches.Median(
            () =>
            {
                for (int i = 0; i < 100; i++)
                {
                    predict(inputs.AsSpan(0, 784), 1, outputs.AsSpan(0, 10));
                }
            },
            Warmup,
            Budget) / 100;
        double batch = Stopwatches.Median(() => predict(inputs, 1024, outputs), Warmup, Budget);
        return (one, 1024 / batch);
    }

    private static Network<float> Mlp()
    {
        var network = new Network<float>(
            784, new LayerSpec(256, Activation.Relu), new LayerSpec(128, Activation.Relu), new LayerSpec(10, Activation.Softmax));
        network.Initialize(new WeightInit.He(), seed: 1);
        return network;
    }

    /// <summary>Deterministic values in [-1, 1) that are not all alike.</summary>
    private static float[] Filled(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)((2 * random.NextDouble()) - 1)).ToArray();
    }
}
