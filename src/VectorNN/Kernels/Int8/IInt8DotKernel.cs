namespace VectorNN.Kernels.Int8;

/// <summary>
/// One instruction set's step of an 8-bit dot product: <see cref="Step"/> unsigned activations times as many signed
/// weights, added exactly into an accumulator of 32-bit lanes. <see cref="Int8GemmCore"/> runs every set through the
/// same loops, so a new instruction set (the 512-bit VPDPBUSD form) is one more implementation and one more line in
/// <see cref="Int8Gemm"/>'s selection.
/// </summary>
/// <typeparam name="TAccumulator">The register of 32-bit partial sums (a vector of int, or int itself).</typeparam>
internal interface IInt8DotKernel<TAccumulator>
    where TAccumulator : struct
{
    /// <summary>Bytes of each operand consumed by one <see cref="MultiplyAdd"/>.</summary>
    static abstract int Step { get; }

    /// <summary>An accumulator of zeros.</summary>
    static abstract TAccumulator Zero { get; }

    /// <summary>Adds the products of <see cref="Step"/> activations at <paramref name="activations"/> and as many weights at <paramref name="weights"/>.</summary>
    static abstract TAccumulator MultiplyAdd(TAccumulator sum, ref byte activations, ref sbyte weights);

    /// <summary>The sum of the accumulator's lanes (wrapping, which is exact while the true sum fits in 32 bits).</summary>
    static abstract int Sum(TAccumulator sum);
}
