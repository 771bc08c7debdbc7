using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VectorNN.Kernels;

/// <summary>
/// CRC-32 (IEEE 802.3, the gzip trailer's checksum). The shared framework's GZipStream does not report a missing or
/// wrong trailer, and System.IO.Hashing is a package, which the library does without.
/// </summary>
/// <remarks>
/// With carry-less multiplication (PCLMULQDQ) the bytes are folded 64 at a time, as in Intel's "Fast CRC Computation
/// for Generic Polynomials Using PCLMULQDQ Instruction" (2009) and zlib's crc32_simd.c, which this follows constant
/// for constant; the table-driven loop, a byte at a time, does the rest and serves machines without it. The table loop
/// alone is about 30 times slower: checking a decompressed file cost more than decompressing it (bench/RESULTS.md,
/// "Data loading").
/// </remarks>
internal static class Crc32
{
    // Below this many bytes the folding's set-up and final reduction cost more than the table loop.
    private const int FoldMinimum = 64;

    private static readonly uint[] Table = BuildTable();

    /// <summary>Continues <paramref name="crc"/> (0 to start) over <paramref name="bytes"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> bytes)
    {
        crc = ~crc;
        if (Pclmulqdq.IsSupported && Sse41.IsSupported && bytes.Length >= FoldMinimum)
        {
            int folded = bytes.Length & ~15;
            crc = Fold(ref MemoryMarshal.GetReference(bytes), folded, crc);
            bytes = bytes[folded..];
        }

        foreach (byte b in bytes)
        {
            crc = Table[(byte)(crc ^ b)] ^ (crc >> 8);
        }

        return ~crc;
    }

    // The register state of the CRC (not inverted) over `length` bytes, a multiple of 16 and at least 64. The
    // constants are x^k mod P(x) in the bit-reflected domain: k1, k2 fold 512 bits ahead, k3, k4 128 bits, k5 64 bits;
    // P(x)' and mu' are the polynomial and its Barrett constant.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static uint Fold(ref byte bytes, int length, uint crc)
    {
        Vector128<ulong> k1k2 = Vector128.Create(0x0154442bd4UL, 0x01c6e41596UL);
        Vector128<ulong> k3k4 = Vector128.Create(0x01751997d0UL, 0x00ccaa009eUL);
        Vector128<ulong> k5k0 = Vector128.Create(0x0163cd6124UL, 0UL);
        Vector128<ulong> poly = Vector128.Create(0x01db710641UL, 0x01f7011641UL);

        Vector128<ulong> x1 = Load(ref bytes, 0) ^ Vector128.CreateScalar(crc).AsUInt64();
        Vector128<ulong> x2 = Load(ref bytes, 16);
        Vector128<ulong> x3 = Load(ref bytes, 32);
        Vector128<ulong> x4 = Load(ref bytes, 48);
        int i = 64;

        // Four independent lanes of 128 bits, each folded 512 bits forward per step.
        for (; i + 64 <= length; i += 64)
        {
            x1 = FoldInto(x1, k1k2, Load(ref bytes, i));
            x2 = FoldInto(x2, k1k2, Load(ref bytes, i + 16));
            x3 = FoldInto(x3, k1k2, Load(ref bytes, i + 32));
            x4 = FoldInto(x4, k1k2, Load(ref bytes, i + 48));
        }

        // The four lanes into one, then the remaining 16-byte blocks.
        x1 = FoldInto(x1, k3k4, x2);
        x1 = FoldInto(x1, k3k4, x3);
        x1 = FoldInto(x1, k3k4, x4);
        for (; i < length; i += 16)
        {
            x1 = FoldInto(x1, k3k4, Load(ref bytes, i));
        }

        // 128 bits to 64, then Barrett reduction to 32.
        Vector128<ulong> low32 = Vector128.Create(~0u, 0u, ~0u, 0u).AsUInt64();
        Vector128<ulong> x = Pclmulqdq.CarrylessMultiply(x1, k3k4, 0x10) ^ Sse2.ShiftRightLogical128BitLane(x1, 8);
        x = Pclmulqdq.CarrylessMultiply(x & low32, k5k0, 0x00) ^ Sse2.ShiftRightLogical128BitLane(x, 4);
        Vector128<ulong> t = Pclmulqdq.CarrylessMultiply(x & low32, poly, 0x10) & low32;
        x ^= Pclmulqdq.CarrylessMultiply(t, poly, 0x00);
        return Sse41.Extract(x.AsUInt32(), 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> FoldInto(Vector128<ulong> x, Vector128<ulong> k, Vector128<ulong> next) =>
        Pclmulqdq.CarrylessMultiply(x, k, 0x00) ^ Pclmulqdq.CarrylessMultiply(x, k, 0x11) ^ next;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Load(ref byte bytes, int offset) =>
        Vector128.LoadUnsafe(ref Unsafe.Add(ref bytes, offset)).AsUInt64();

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < table.Length; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
