using System.Runtime.CompilerServices;

namespace VectorNN.Kernels.Int8;

/// <summary>
/// The exact VPDPBUSD emulation of the widening paths, by 16-bit lanes: activation bytes b0 b1 b2 b3 of a 32-bit lane
/// become the 16-bit lanes (b0, b2) and (b1, b3), the lane's 4 weight bytes likewise, sign-extended; then one
/// <c>PMADDWD</c> of the even pair adds b0 w0 + b2 w2 and one of the odd pair b1 w1 + b3 w3 in 32 bits. Each product is
/// at most 255 x 128 = 32,640 in magnitude and each pair 65,280, so nothing saturates (which is why VPMADDUBSW,
/// whose 16-bit pair sums saturate, is not used).
/// </summary>
internal static class Int8Widening
{
    /// <summary>The even and odd activation bytes of a 32-bit lane as 16-bit pairs: (b0 | b2 &lt;&lt; 16, b1 | b3 &lt;&lt; 16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (int Even, int Odd) Split(int fourBytes) => (fourBytes & 0x00FF00FF, (fourBytes >>> 8) & 0x00FF00FF);
}
