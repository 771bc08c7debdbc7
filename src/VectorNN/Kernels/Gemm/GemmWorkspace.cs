using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VectorNN.Kernels;

/// <summary>
/// The per-thread buffer the GEMM packs its operands into. It is allocated on first use, grows only, and is reused
/// by every later call on the thread, so steady-state calls allocate nothing; one buffer per thread is what lets a
/// later multi-threaded driver give each thread its own panels.
/// </summary>
/// <remarks>
/// The array is pinned (allocated on the pinned object heap) so its address is stable and the returned region can
/// start on a 64-byte boundary: every packed row then begins a cache line, and no vector load of a panel splits one.
/// </remarks>
internal static class GemmWorkspace<T>
    where T : unmanaged
{
    /// <summary>Elements per 64-byte cache line; regions are laid out in multiples of it.</summary>
    public static int LineElements => 64 / Unsafe.SizeOf<T>();

    [ThreadStatic]
    private static T[]? threadBuffer;

    [ThreadStatic]
    private static int threadAlignedStart;

    /// <summary>Returns the start of a 64-byte aligned region of at least <paramref name="length"/> elements.</summary>
    public static ref T Rent(int length)
    {
        T[]? buffer = threadBuffer;
        if (buffer is null || buffer.Length - threadAlignedStart < length)
        {
            buffer = GC.AllocateUninitializedArray<T>(length + LineElements, pinned: true);
            long address = Marshal.UnsafeAddrOfPinnedArrayElement(buffer, 0);
            threadAlignedStart = (int)((64 - (address & 63)) & 63) / Unsafe.SizeOf<T>();
            threadBuffer = buffer;
        }

        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(buffer), threadAlignedStart);
    }

    /// <summary>Rounds <paramref name="length"/> up to whole cache lines.</summary>
    public static int RoundToLine(int length) => (length + LineElements - 1) / LineElements * LineElements;
}
