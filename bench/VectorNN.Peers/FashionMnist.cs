using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TorchSharp;
using VectorNN.Data;
using static TorchSharp.torch;

namespace VectorNN.Peers;

/// <summary>
/// Fashion-MNIST with TorchSharp, configured as <c>vectornn train --layers 784,256,128,10 --optimizer adam --lr 0.001
/// --batch 128</c>: 784-256-128-10, ReLU, softmax cross-entropy, Adam, shuffled mini-batches (the last one partial),
/// seeded. The data is read with VectorNN's IDX loader (pixels / 255). The reported time covers the training epochs
/// only, with the shuffling and batch gathering they need; loading and the test evaluation are excluded.
/// </summary>
internal static class FashionMnist
{
    public const string DefaultDataDirectory = "/usr/share/datasets/fashion-mnist";

    public static int Run(string dataDirectory, int threads, int epochs, int batch, double learningRate, long seed, bool json)
    {
        Dataset<float> train = IdxLoader.Load<float>(Path.Combine(dataDirectory, "train-images-idx3-ubyte.gz"));
        Dataset<float> test = IdxLoader.Load<float>(Path.Combine(dataDirectory, "t10k-images-idx3-ubyte.gz"), classCount: train.TargetWidth);

        // The same preprocessing as `vectornn train --normalize zscore`: per-pixel statistics of the training set.
        Normalization zscore = Normalization.Fit(NormalizationMethod.ZScore, train.Inputs, train.InputWidth);
        float[] trainPixels = train.Inputs.ToArray();
        float[] testPixels = test.Inputs.ToArray();
        zscore.Apply<float>(trainPixels);
        zscore.Apply<float>(testPixels);

        torch.set_num_threads(threads);
        torch.manual_seed(seed);
        Tensor trainInputs = torch.tensor(trainPixels, [train.Count, train.InputWidth]);
        Tensor trainLabels = torch.tensor(Labels(train));
        Tensor testInputs = torch.tensor(testPixels, [test.Count, test.InputWidth]);
        Tensor testLabels = torch.tensor(Labels(test));

        var model = TorchSections.Mlp();
        var optimizer = torch.optim.Adam(model.parameters(), learningRate);
        var clock = Stopwatch.StartNew();
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            using var epochScope = torch.NewDisposeScope();
            Tensor order = torch.randperm(train.Count);
            for (int start = 0; start < train.Count; start += batch)
            {
                using var scope = torch.NewDisposeScope();
                Tensor indices = order.narrow(0, start, Math.Min(batch, train.Count - start));
                optimizer.zero_grad();
                Tensor loss = nn.functional.cross_entropy(model.forward(trainInputs.index_select(0, indices)), trainLabels.index_select(0, indices));
                loss.backward();
                optimizer.step();
            }
        }

        double seconds = clock.Elapsed.TotalSeconds;
        double accuracy;
        using (torch.no_grad())
        using (var scope = torch.NewDisposeScope())
        {
            accuracy = model.forward(testInputs).argmax(1).eq(testLabels).sum().item<long>() / (double)test.Count;
        }

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { library = "TorchSharp", threads, epochs, batch, accuracy, seconds }));
        }
        else
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"TorchSharp: test accuracy {accuracy * 100:F2}%, training {seconds:F1} s ({epochs} epochs, batch {batch}, {threads} threads)"));
        }

        return 0;
    }

    /// <summary>The class index of each one-hot target.</summary>
    private static long[] Labels(Dataset<float> data)
    {
        var labels = new long[data.Count];
        for (int s = 0; s < data.Count; s++)
        {
            ReadOnlySpan<float> target = data.Target(s);
            labels[s] = target.IndexOf(1f);
        }

        return labels;
    }
}
