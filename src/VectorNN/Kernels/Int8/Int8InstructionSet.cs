namespace VectorNN.Kernels.Int8;

/// <summary>
/// The instructions that multiply unsigned 8-bit activations by signed 8-bit weights into 32-bit sums. Every one of
/// them gives exactly the same sums: none of them saturates.
/// </summary>
public enum Int8InstructionSet
{
    /// <summary>Plain integer arithmetic, one multiply-add at a time.</summary>
    Scalar = 0,

    /// <summary>
    /// 128-bit SSE2: both operands widened to 16 bits, then <c>PMADDWD</c> (16 x 16 -&gt; 32-bit products, adjacent
    /// pairs added). A product is at most 255 x 128 = 32,640 in magnitude and a pair at most 65,280, so nothing saturates.
    /// </summary>
    Sse2,

    /// <summary>256-bit AVX2: the same widening and <c>VPMADDWD</c> as <see cref="Sse2"/> on twice the width.</summary>
    Avx2,

    /// <summary>512-bit AVX-512BW: the same widening and <c>VPMADDWD</c> on zmm registers.</summary>
    /// <remarks>
    /// <c>VPMADDUBSW</c> (u8 x s8 with adjacent pairs added in 16 bits) would need no widening, but it saturates: two
    /// products of 255 x 127 add up to 64,770, beyond 32,767. That is why these paths widen to 16 bits first.
    /// </remarks>
    Avx512BW,

    /// <summary>256-bit AVX-VNNI: <c>VPDPBUSD</c> multiplies four u8 x s8 pairs and adds them to a 32-bit lane in one
    /// instruction, without intermediate saturation.</summary>
    AvxVnni,
}
