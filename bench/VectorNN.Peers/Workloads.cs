namespace VectorNN.Peers;

/// <summary>The problems both libraries are timed on, and the operands they share.</summary>
internal static class Workloads
{
    /// <summary>The sections, in the order they run and print.</summary>
    public static readonly string[] Sections = ["iris", "mlp-train", "inference", "gemm", "onnx"];

    /// <summary>The library VectorNN is compared with in <paramref name="section"/>: ONNX Runtime on the exported models, else TorchSharp.</summary>
    public static string PeerOf(string section) => section == "onnx" ? OrtSections.Library : "TorchSharp";

    /// <summary>Training-step batch sizes of the 784-256-128-10 network.</summary>
    public static readonly int[] TrainingBatches = [32, 128, 512];

    /// <summary>Batch of the batched-inference figure.</summary>
    public const int InferenceBatch = 1024;

    /// <summary>The GEMM shapes (m, k, n): C[m x n] = A[m x k] B[k x n]. The square one, then the MLP's forward products at batch 128.</summary>
    public static readonly (int M, int K, int N)[] GemmShapes = [(512, 512, 512), (128, 784, 256), (128, 256, 128), (128, 128, 10)];

    /// <summary>The Iris sample and its one-hot target.</summary>
    public static readonly float[] IrisInput = [5.1f, 3.5f, 1.4f, 0.2f];

    /// <summary>The Iris target: class 0.</summary>
    public static readonly float[] IrisTarget = [1, 0, 0];

    /// <summary>The MLP's widths, input first.</summary>
    public static readonly int[] MlpWidths = [784, 256, 128, 10];

    /// <summary>Uniform values in [-1, 1), the same for both libraries.</summary>
    public static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    /// <summary>Class labels 0..9 in turn, one per sample.</summary>
    public static long[] Labels(int batch)
    {
        var labels = new long[batch];
        for (int s = 0; s < batch; s++)
        {
            labels[s] = s % 10;
        }

        return labels;
    }

    /// <summary>The one-hot targets of <see cref="Labels"/>: [batch x 10].</summary>
    public static float[] OneHot(int batch)
    {
        var targets = new float[batch * 10];
        for (int s = 0; s < batch; s++)
        {
            targets[(s * 10) + (s % 10)] = 1;
        }

        return targets;
    }

    /// <summary>The shape column of a GEMM row.</summary>
    public static string GemmShape((int M, int K, int N) shape) =>
        shape.M == shape.K && shape.K == shape.N ? $"n={shape.M}" : $"{shape.M}x{shape.K}x{shape.N}";

    /// <summary>The GFLOP of one product of <paramref name="shape"/>: 2mnk / 1e9.</summary>
    public static double Gflop((int M, int K, int N) shape) => 2.0 * shape.M * shape.K * shape.N / 1e9;
}
