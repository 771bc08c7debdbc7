using System.Numerics;
using VectorNN.Kernels;

namespace VectorNN.Data;

/// <summary>IDX bytes as pixel values scaled to [0, 1]: b / 255, divided in <typeparamref name="T"/>.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal readonly struct IdxPixels<T> : IIdxValues<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private static readonly T MaxByte = T.CreateTruncating(byte.MaxValue);

    public static void Convert(ReadOnlySpan<byte> bytes, Span<T> destination) => ByteConversion.Divide(bytes, MaxByte, destination);

    // b / 255 is within half an ulp of the exact quotient, so v * 255 is within 255 ulps (< 2e-5 for float) of b: rounding
    // gives b back exactly.
    public static byte ToByte(T value) => (byte)double.Round(double.CreateTruncating(value) * byte.MaxValue);
}
