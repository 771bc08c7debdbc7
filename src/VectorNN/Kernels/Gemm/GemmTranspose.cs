using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VectorNN.Kernels;

/// <summary>
/// Transposes small square blocks in registers (8 x 8 floats in 256-bit registers with AVX, else 4 x 4 floats; 2 x 2
/// doubles), for packing a transposed operand: element by element that packing is a load and a store per element and
/// was a fifth of the forward pass's time. The shuffles are x86's, so elsewhere (<see cref="Size{T}"/> is 1) packing
/// stays element by element.
/// </summary>
/// <remarks>
/// The 8 x 8 block moves 64 floats with 8 loads, 24 shuffles and 8 stores where four 4 x 4 blocks take 16, 32 and 16:
/// packing the 784 x 256 weights of a layer took a tenth of a 128-row forward product with 4 x 4 blocks
/// (bench/RESULTS.md).
/// </remarks>
internal static class GemmTranspose
{
    /// <summary>The side of the block <see cref="Block{T}"/> transposes, or 1 when there is no block transpose.</summary>
    public static int Size<T>() =>
        !Sse2.IsSupported ? 1 : typeof(T) == typeof(float) ? (Avx.IsSupported ? 8 : 4) : typeof(T) == typeof(double) ? 2 : 1;

    /// <summary>
    /// Writes destination[r * destinationStride + c] = source[c * sourceStride + r] for r, c &lt; <see cref="Size{T}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Block<T>(ref T source, nint sourceStride, ref T destination, nint destinationStride)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && Avx.IsSupported)
        {
            Block8(ref Unsafe.As<T, float>(ref source), sourceStride, ref Unsafe.As<T, float>(ref destination), destinationStride);
        }
        else if (typeof(T) == typeof(float))
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

    // Pairs of rows are interleaved (unpack), then pairs of pairs (shuffle), then the 128-bit halves are exchanged.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block8(ref float s, nint sourceStride, ref float d, nint destinationStride)
    {
        Vector256<float> r0 = Vector256.LoadUnsafe(ref s);
        Vector256<float> r1 = Vector256.LoadUnsafe(ref s, (nuint)sourceStride);
        Vector256<float> r2 = Vector256.LoadUnsafe(ref s, (nuint)(2 * sourceStride));
        Vector256<float> r3 = Vector256.LoadUnsafe(ref s, (nuint)(3 * sourceStride));
        Vector256<float> r4 = Vector256.LoadUnsafe(ref s, (nuint)(4 * sourceStride));
        Vector256<float> r5 = Vector256.LoadUnsafe(ref s, (nuint)(5 * sourceStride));
        Vector256<float> r6 = Vector256.LoadUnsafe(ref s, (nuint)(6 * sourceStride));
        Vector256<float> r7 = Vector256.LoadUnsafe(ref s, (nuint)(7 * sourceStride));

        // t0 = a0 b0 a1 b1 | a4 b4 a5 b5, and so on, lane by lane.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);

        // u0 = a0 b0 c0 d0 | a4 b4 c4 d4, and so on.
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref d);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref d, (nuint)destinationStride);
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref d, (nuint)(2 * destinationStride));
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref d, (nuint)(3 * destinationStride));
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref d, (nuint)(4 * destinationStride));
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref d, (nuint)(5 * destinationStride));
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref d, (nuint)(6 * destinationStride));
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref d, (nuint)(7 * destinationStride));
    }
}
