namespace VectorNN.Data;

/// <summary>IDX data kept as the bytes they are (labels).</summary>
internal readonly struct IdxBytes : IIdxValues<byte>
{
    public static void Convert(ReadOnlySpan<byte> bytes, Span<byte> destination) => bytes.CopyTo(destination);

    public static byte ToByte(byte value) => value;
}
