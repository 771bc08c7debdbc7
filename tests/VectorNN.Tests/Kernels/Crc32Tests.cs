using VectorNN.Kernels;
using VectorNN.Tests.Generators;
using Xunit;

namespace VectorNN.Tests.Kernels;

public sealed class Crc32Tests
{
    [Fact]
    public void CheckValue_OfTheStandard_Is0xCBF43926() =>
        Assert.Equal(0xCBF43926u, Crc32.Append(0, "123456789"u8));

    // Every length across the folding's thresholds (64 bytes, 16-byte blocks, the table-loop remainder), against the
    // CRC's definition one bit at a time.
    [Fact]
    public void EveryLength_0To260_MatchesTheBitwiseDefinition() => LengthSweep.ForEachLength(n =>
    {
        byte[] bytes = Bytes(n, 1);
        Assert.Equal(Bitwise(0, bytes), Crc32.Append(0, bytes));
    });

    [Fact]
    public void Appending_InPiecesOfAnySize_GivesTheCrcOfTheWhole()
    {
        byte[] bytes = Bytes(5000, 2);
        uint whole = Bitwise(0, bytes);
        foreach (int piece in new[] { 1, 15, 16, 63, 64, 65, 100, 1024, 4999 })
        {
            uint crc = 0;
            for (int i = 0; i < bytes.Length; i += piece)
            {
                crc = Crc32.Append(crc, bytes.AsSpan(i, Math.Min(piece, bytes.Length - i)));
            }

            Assert.True(whole == crc, $"pieces of {piece}: expected {whole:X8}, got {crc:X8}");
        }
    }

    private static byte[] Bytes(int n, int seed)
    {
        var bytes = new byte[n];
        new Random(seed + n).NextBytes(bytes);
        return bytes;
    }

    // The reflected polynomial 0xEDB88320, register inverted before and after.
    private static uint Bitwise(uint crc, byte[] bytes)
    {
        crc = ~crc;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
