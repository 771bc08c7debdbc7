using System.Runtime.CompilerServices;

namespace VectorNN.Kernels.Int8;

/// <summary>The plain integer panel step, one product at a time: the path without hardware intrinsics.</summary>
internal readonly struct ScalarPanelKernel : IInt8PanelKernel<ScalarPanelKernel.Sums, int, ScalarPanelKernel.Weights>
{
    public static Sums Zero => default;

    public static int Broadcast(int fourBytes) => fourBytes;

    public static Weights Load(ref sbyte panel) => Unsafe.ReadUnaligned<Weights>(ref Unsafe.As<sbyte, byte>(ref panel));

    public static Sums MultiplyAdd(Sums sums, int activations, Weights weights)
    {
        for (int j = 0; j < Int8PackedWeights.PanelColumns; j++)
        {
            for (int b = 0; b < Int8PackedWeights.GroupBytes; b++)
            {
                sums[j] += ((activations >>> (8 * b)) & 0xFF) * weights[(j * Int8PackedWeights.GroupBytes) + b];
            }
        }

        return sums;
    }

    public static void Store(Sums sums, ref int destination) => Unsafe.WriteUnaligned(ref Unsafe.As<int, byte>(ref destination), sums);

    /// <summary>A panel's 16 sums.</summary>
    [InlineArray(Int8PackedWeights.PanelColumns)]
    internal struct Sums
    {
        private int first;
    }

    /// <summary>A panel's 64 weight bytes.</summary>
    [InlineArray(Int8PackedWeights.PanelColumns * Int8PackedWeights.GroupBytes)]
    internal struct Weights
    {
        private sbyte first;
    }
}
