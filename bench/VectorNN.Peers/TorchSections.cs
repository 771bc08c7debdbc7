using TorchSharp;
using static TorchSharp.torch;

namespace VectorNN.Peers;

/// <summary>
/// The sections timed with TorchSharp (libtorch), float32 on the CPU, with <c>torch.set_num_threads</c> set to the
/// thread count. Each timed call runs in a dispose scope, as TorchSharp's documentation advises, so the temporaries it
/// creates are freed at once rather than by the garbage collector. Inputs are tensors made before timing starts.
/// </summary>
internal static class TorchSections
{
    private const string Library = "TorchSharp";

    public static List<Measurement> Run(string section, int threads)
    {
        torch.set_num_threads(threads);
        torch.manual_seed(1);
        return section switch
        {
            "iris" => Iris(threads),
            "mlp-train" => MlpTraining(threads),
            "inference" => Inference(threads),
            "gemm" => GemmProducts(threads),
            _ => throw new ArgumentException($"Unknown section '{section}'."),
        };
    }

    /// <summary>
    /// One online SGD step of the Iris network: Linear(4,5), tanh, Linear(5,3), softmax; loss 0.5 sum (o - t)^2;
    /// zero_grad, forward, backward, step, and the loss read back as VectorNN's TrainBatch returns it.
    /// </summary>
    private static List<Measurement> Iris(int threads)
    {
        var model = nn.Sequential(nn.Linear(4, 5), nn.Tanh(), nn.Linear(5, 3), nn.Softmax(1));
        using (torch.no_grad())
        {
            foreach (var parameter in model.parameters())
            {
                nn.init.uniform_(parameter, -0.01, 0.01);
            }
        }

        var optimizer = torch.optim.SGD(model.parameters(), 0.05);
        Tensor input = torch.tensor(Workloads.IrisInput, [1, 4]);
        Tensor target = torch.tensor(Workloads.IrisTarget, [1, 3]);
        Timed timed = Timing.Measure(() =>
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            Tensor loss = 0.5f * (model.forward(input) - target).pow(2).sum();
            loss.backward();
            optimizer.step();
            _ = loss.item<float>();
        });
        return [Measurement.Microseconds("iris", "4-5-3 step", threads, Library, timed)];
    }

    /// <summary>One SGD step (lr 0.01) of 784-256-128-10 with ReLU and softmax cross-entropy (class indices, mean over the batch).</summary>
    private static List<Measurement> MlpTraining(int threads)
    {
        var rows = new List<Measurement>();
        foreach (int batch in Workloads.TrainingBatches)
        {
            var model = Mlp();
            var optimizer = torch.optim.SGD(model.parameters(), 0.01);
            Tensor inputs = torch.tensor(Workloads.Random(batch * 784, 1), [batch, 784]);
            Tensor labels = torch.tensor(Workloads.Labels(batch));
            Timed timed = Timing.Measure(() =>
            {
                using var scope = torch.NewDisposeScope();
                optimizer.zero_grad();
                Tensor loss = nn.functional.cross_entropy(model.forward(inputs), labels);
                loss.backward();
                optimizer.step();
                _ = loss.item<float>();
            });
            rows.Add(Measurement.Rate("mlp-train", $"batch {batch}", threads, Library, "samples/s", batch, timed));
        }

        return rows;
    }

    /// <summary>Forward pass with softmax under <c>torch.no_grad()</c>, one sample and a batch; outputs stay in tensors.</summary>
    private static List<Measurement> Inference(int threads)
    {
        var model = nn.Sequential(Mlp(), nn.Softmax(1));
        using var noGrad = torch.no_grad();
        Tensor one = torch.tensor(Workloads.Random(784, 2), [1, 784]);
        Timed single = Timing.Measure(() =>
        {
            using var scope = torch.NewDisposeScope();
            _ = model.forward(one);
        });

        int batch = Workloads.InferenceBatch;
        Tensor many = torch.tensor(Workloads.Random(batch * 784, 3), [batch, 784]);
        Timed batched = Timing.Measure(() =>
        {
            using var scope = torch.NewDisposeScope();
            _ = model.forward(many);
        });
        return
        [
            Measurement.Microseconds("inference", "1 sample", threads, Library, single),
            Measurement.Rate("inference", $"batch {batch}", threads, Library, "samples/s", batch, batched),
        ];
    }

    /// <summary><c>torch.mm</c> of row-major A [m x k] and B [k x n]; the product is a new tensor each call.</summary>
    private static List<Measurement> GemmProducts(int threads)
    {
        var rows = new List<Measurement>();
        foreach ((int m, int k, int n) shape in Workloads.GemmShapes)
        {
            (int m, int k, int n) = shape;
            Tensor a = torch.tensor(Workloads.Random(m * k, 4), [m, k]);
            Tensor b = torch.tensor(Workloads.Random(k * n, 5), [k, n]);
            Timed timed = Timing.Measure(() =>
            {
                using var scope = torch.NewDisposeScope();
                _ = torch.mm(a, b);
            });
            rows.Add(Measurement.Rate("gemm", Workloads.GemmShape(shape), threads, Library, "GFLOP/s", Workloads.Gflop(shape), timed));
        }

        return rows;
    }

    /// <summary>784-256-128-10 with ReLU, returning logits (PyTorch's default initialization).</summary>
    internal static nn.Module<Tensor, Tensor> Mlp() =>
        nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10));
}
