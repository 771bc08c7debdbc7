namespace VectorNN.Bench.Kernels;

/// <summary>Reproducible random operands for the GEMM benchmarks, in [-1, 1).</summary>
internal static class GemmOperands
{
    public static float[] Single(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.NextSingle() * 2 - 1;
        }

        return values;
    }

    public static double[] Double(int length, int seed)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.NextDouble() * 2 - 1;
        }

        return values;
    }
}
