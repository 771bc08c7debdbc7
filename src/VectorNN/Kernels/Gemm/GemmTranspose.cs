using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VectorNN.Kernels;

/// <summary>
/// Transposes small square blocks in 128-bit registers (4 x 4 floats, 2 x 2 doubles), for packing a transposed
/// operand: element by element that packing is a load and a store per element and was a fifth of the forward
/// pass's time. The shuffles are SSE's, so elsewhere (<see cref="Size{T}"/> is 1) packing stays element by element.
/// </summary>
internal static class GemmTranspose
{
    /// <summary>The side of the block <see cref="Block{T}"/> transposes, or 1 when there is no block transpose.</summary>
    public static int Size<T>() =>
        !Sse2.IsSupported ? 1 : typeof(T) == typeof(float) ? 4 : typeof(T) == typeof(double) ? 2 : 1;

    /// <summary>
    /// Writes destination[r * destinationStride + c] = source[c * sourceStride + r] for r, c &lt; <see cref="Size{T}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Block<T>(ref T source, nint sourceStride, ref T destination, nint destinationStride)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            ref float s = ref Unsafe.As<T, float>(ref source);
            ref float d = ref Unsafe.As<T, float>(ref destination);
            Vector128<float> r0 = Vector128.LoadUnsafe(ref s);
            Vector128<float> r1 = Vector128.LoadUnsafe(ref s, (nuint)sourceStride);
            Vector128<float> r2 = Vector128.LoadUnsafe(ref s, (nuint)(2 * sourceStride));
            Vector128<float> r3 = Vector128.LoadUnsafe(ref s, (nuint)(3 * sourceStride));
            Vector128<float> low01 = Sse.UnpackLow(r0, r1);
            Vector128<float> low23 = Sse.UnpackLow(r2, r3);
            Vector128<float> high01 = Sse.UnpackHigh(r0, r1);
            Vector128<float> high23 = Sse.UnpackHigh(r2, r3);
            Sse.MoveLowToHigh(low01, low23).StoreUnsafe(ref d);
            Sse.MoveHighToLow(low23, low01).StoreUnsafe(ref d, (nuint)destinationStride);
            Sse.MoveLowToHigh(high01, high23).StoreUnsafe(ref d, (nuint)(2 * destinationStride));
            Sse.MoveHighToLow(high23, high01).StoreUnsafe(ref d, (nuint)(3 * destinationStride));
        }
        else if (typeof(T) == typeof(double))
        {
            ref double s = ref Unsafe.As<T, double>(ref source);
            ref double d = ref Unsafe.As<T, double>(ref destination);
            Vector128<double> r0 = Vector128.LoadUnsafe(ref s);
            Vector128<double> r1 = Vector128.LoadUnsafe(ref s, (nuint)sourceStride);
            Sse2.UnpackLow(r0, r1).StoreUnsafe(ref d);
            Sse2.UnpackHigh(r0, r1).StoreUnsafe(ref d, (nuint)destinationStride);
        }
    }
}
