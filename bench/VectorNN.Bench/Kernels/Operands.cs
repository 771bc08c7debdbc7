using System.Numerics;

namespace VectorNN.Bench.Kernels;

/// <summary>Reproducible random operands for the benchmarks, in [-1, 1).</summary>
internal static class Operands
{
    public static T[] Random<T>(int length, int seed)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var values = new T[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = T.CreateTruncating(random.NextDouble() * 2 - 1);
        }

        return values;
    }
}
