namespace VectorNN.Kernels.Int8;

/// <summary>The plain integer step, one product at a time: the path without hardware intrinsics.</summary>
internal readonly struct ScalarDotKernel : IInt8DotKernel<int>
{
    public static int Step => 1;

    public static int Zero => 0;

    public static int MultiplyAdd(int sum, ref byte activations, ref sbyte weights) => sum + (activations * weights);

    public static int Sum(int sum) => sum;
}
