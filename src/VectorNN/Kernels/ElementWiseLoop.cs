using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VectorNN.Kernels.Ops;

namespace VectorNN.Kernels;

/// <summary>
/// The one loop per arity behind every element-wise kernel. It takes the width <see cref="Simd"/> chose and, when
/// fewer elements remain than one vector holds, the next narrower width, down to scalar.
/// </summary>
/// <remarks>
/// <para>
/// The remainder is handled by computing the last full vector, which overlaps elements already done. That vector
/// is computed before the main loop writes anything, so it sees original inputs even when the output is one of the
/// inputs (in place); the overlapped elements are stored twice with the same value. Callers have checked lengths
/// and rejected partial overlap.
/// </para>
/// <para>
/// Each width's loop is a method of its own: with all widths in one method the JIT ran out of inlining budget and
/// called the operator out of line, with its vectors passed through the stack (4-5x slower). The loops are compiled
/// fully optimized on first use; a kernel loop gains nothing from profile-guided tiers.
/// </para>
/// </remarks>
internal static class ElementWiseLoop
{
    public static void Unary<T, TOp>(ReadOnlySpan<T> x, Span<T> destination, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IUnaryOperator<T>
    {
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)x.Length;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<T>.Count)
        {
            Unary512(ref xr, ref dr, n, op);
        }
        else if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<T>.Count)
        {
            Unary256(ref xr, ref dr, n, op);
        }
        else if (Vector128.IsHardwareAccelerated && n >= (nuint)Vector128<T>.Count)
        {
            Unary128(ref xr, ref dr, n, op);
        }
        else
        {
            UnaryScalar(ref xr, ref dr, n, op);
        }
    }

    public static void Binary<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IBinaryOperator<T>
    {
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        ref T dr = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)x.Length;
        if (Vector512.IsHardwareAccelerated && n >= (nuint)Vector512<T>.Count)
        {
            Binary512(ref xr, ref yr, ref dr, n, op);
        }
        else if (Vector256.IsHardwareAccelerated && n >= (nuint)Vector256<T>.Count)
        {
            Binary256(ref xr, ref yr, ref dr, n, op);
        }
        else if (Vector128.IsHardwareAccelerated && n >= (nuint)Vector128<T>.Count)
        {
            Binary128(ref xr, ref yr, ref dr, n, op);
        }
        else
        {
            BinaryScalar(ref xr, ref yr, ref dr, n, op);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Unary512<T, TOp>(ref T xr, ref T dr, nuint n, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IUnaryOperator<T>
    {
        nuint last = n - (nuint)Vector512<T>.Count;
        Vector512<T> tail = op.Invoke(Vector512.LoadUnsafe(ref xr, last));
        for (nuint i = 0; i < last; i += (nuint)Vector512<T>.Count)
        {
            op.Invoke(Vector512.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
        }

        tail.StoreUnsafe(ref dr, last);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Unary256<T, TOp>(ref T xr, ref T dr, nuint n, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IUnaryOperator<T>
    {
        nuint last = n - (nuint)Vector256<T>.Count;
        Vector256<T> tail = op.Invoke(Vector256.LoadUnsafe(ref xr, last));
        for (nuint i = 0; i < last; i += (nuint)Vector256<T>.Count)
        {
            op.Invoke(Vector256.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
        }

        tail.StoreUnsafe(ref dr, last);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Unary128<T, TOp>(ref T xr, ref T dr, nuint n, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IUnaryOperator<T>
    {
        nuint last = n - (nuint)Vector128<T>.Count;
        Vector128<T> tail = op.Invoke(Vector128.LoadUnsafe(ref xr, last));
        for (nuint i = 0; i < last; i += (nuint)Vector128<T>.Count)
        {
            op.Invoke(Vector128.LoadUnsafe(ref xr, i)).StoreUnsafe(ref dr, i);
        }

        tail.StoreUnsafe(ref dr, last);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void UnaryScalar<T, TOp>(ref T xr, ref T dr, nuint n, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IUnaryOperator<T>
    {
        for (nuint i = 0; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i));
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Binary512<T, TOp>(ref T xr, ref T yr, ref T dr, nuint n, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IBinaryOperator<T>
    {
        nuint last = n - (nuint)Vector512<T>.Count;
        Vector512<T> tail = op.Invoke(Vector512.LoadUnsafe(ref xr, last), Vector512.LoadUnsafe(ref yr, last));
        for (nuint i = 0; i < last; i += (nuint)Vector512<T>.Count)
        {
            op.Invoke(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        }

        tail.StoreUnsafe(ref dr, last);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Binary256<T, TOp>(ref T xr, ref T yr, ref T dr, nuint n, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IBinaryOperator<T>
    {
        nuint last = n - (nuint)Vector256<T>.Count;
        Vector256<T> tail = op.Invoke(Vector256.LoadUnsafe(ref xr, last), Vector256.LoadUnsafe(ref yr, last));
        for (nuint i = 0; i < last; i += (nuint)Vector256<T>.Count)
        {
            op.Invoke(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        }

        tail.StoreUnsafe(ref dr, last);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Binary128<T, TOp>(ref T xr, ref T yr, ref T dr, nuint n, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IBinaryOperator<T>
    {
        nuint last = n - (nuint)Vector128<T>.Count;
        Vector128<T> tail = op.Invoke(Vector128.LoadUnsafe(ref xr, last), Vector128.LoadUnsafe(ref yr, last));
        for (nuint i = 0; i < last; i += (nuint)Vector128<T>.Count)
        {
            op.Invoke(Vector128.LoadUnsafe(ref xr, i), Vector128.LoadUnsafe(ref yr, i)).StoreUnsafe(ref dr, i);
        }

        tail.StoreUnsafe(ref dr, last);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void BinaryScalar<T, TOp>(ref T xr, ref T yr, ref T dr, nuint n, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IBinaryOperator<T>
    {
        for (nuint i = 0; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = op.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
        }
    }
}
