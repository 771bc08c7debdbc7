using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VectorNN.Memory;

/// <summary>
/// An array whose first element sits on a cache-line boundary (64 bytes) and never moves: allocated on the pinned
/// object heap with room to skip the leading bytes up to the boundary.
/// </summary>
/// <remarks>
/// A 512-bit load from an address that is not a multiple of 64 touches two cache lines. The matrix-vector kernels
/// stream weights at the cache's bandwidth, so weights that start off the boundary made every load two: one sample of
/// the 784-256-128-10 network ran at about 120 bytes/ns from L2 instead of 220 (bench/RESULTS.md, "One sample at the
/// bandwidth limit"). Pinning also keeps the offset, and with it the timing, the same for the life of the array.
/// </remarks>
internal readonly struct AlignedArray<T>
    where T : unmanaged
{
    /// <summary>The boundary, in bytes: one cache line, one 512-bit vector.</summary>
    public const int Alignment = 64;

    private readonly T[] array;
    private readonly int start;

    /// <summary>Allocates <paramref name="length"/> zeroed elements on a 64-byte boundary.</summary>
    public unsafe AlignedArray(int length)
    {
        array = GC.AllocateArray<T>(length + (Alignment / sizeof(T)) - 1, pinned: true);
        nuint address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        start = (int)((Alignment - (address % Alignment)) % Alignment) / sizeof(T);
        Length = length;
    }

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>The elements.</summary>
    public Span<T> Span => array.AsSpan(start, Length);
}
