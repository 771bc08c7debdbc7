using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VectorNN.Memory;

/// <summary>
/// Allocates arrays of tens of megabytes that are written once from end to end right away (a loaded data set): not
/// cleared, and on Linux backed by transparent huge pages where the system allows them on request.
/// </summary>
/// <remarks>
/// <para>
/// A fresh page costs a page fault at its first write. In a virtual machine a fault on a 4 KiB page can cost several
/// microseconds, so filling a fresh array of Fashion-MNIST's training images took longer than decompressing them; with
/// one fault per 2 MiB page it took a small part of that (bench/RESULTS.md, "Data loading"). Linux
/// distributions mostly set transparent huge pages to <c>madvise</c>: only ranges a program marks with
/// <c>madvise(MADV_HUGEPAGE)</c> get them, and the .NET garbage collector marks none.
/// </para>
/// <para>
/// The hint covers the 2 MiB-aligned interior of the array and changes nothing but page sizes: where huge pages are
/// off, unavailable or unknown (other systems, other page sizes) the call does nothing or fails, and is ignored.
/// Large arrays live in the large-object heap, which is not compacted unless a program asks for it.
/// </para>
/// </remarks>
internal static partial class LargeArrays
{
    // Smaller arrays hold at most one whole huge page: the hint would save little.
    private const long MinimumBytes = 4 << 20;

    private const long HugePageBytes = 2 << 20;

    // Linux's MADV_HUGEPAGE, the same on every architecture .NET runs on.
    private const int AdviseHugePages = 14;

    /// <summary>An array of <paramref name="length"/> elements whose contents are undefined until written.</summary>
    public static T[] AllocateUninitialized<T>(int length)
        where T : unmanaged
    {
        T[] array = GC.AllocateUninitializedArray<T>(length);
        long bytes = (long)length * Unsafe.SizeOf<T>();
        if (OperatingSystem.IsLinux() && bytes >= MinimumBytes)
        {
            GCHandle handle = GCHandle.Alloc(array, GCHandleType.Pinned);
            try
            {
                long start = handle.AddrOfPinnedObject();
                long first = (start + HugePageBytes - 1) & ~(HugePageBytes - 1);
                long end = (start + bytes) & ~(HugePageBytes - 1);
                if (end > first)
                {
                    _ = Advise((nint)first, (nuint)(end - first), AdviseHugePages);
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // No C library with madvise: normal pages.
            }
            finally
            {
                handle.Free();
            }
        }

        return array;
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Advise(nint address, nuint length, int advice);
}
