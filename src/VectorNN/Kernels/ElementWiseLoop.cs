using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VectorNN.Kernels.Ops;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels;

/// <summary>
/// The one loop behind every element-wise kernel, written once for every width and arity. It runs at the width
/// <see cref="Simd.WidthFor{T}"/> chooses for the length, so fewer elements than one wide vector take a narrower one.
/// </summary>
/// <remarks>
/// <para>
/// The remainder is handled by computing the last full vector, which overlaps elements already done. That vector
/// is computed before the main loop writes anything, so it sees original inputs even when the output is one of the
/// inputs (in place); the overlapped elements are stored twice with the same value. Callers have checked lengths
/// and rejected partial overlap.
/// </para>
/// <para>
/// Each width's loop is a method of its own (the kernels' <see cref="IWidthKernel{T}.Run"/>): with all widths in one
/// method the JIT runs out of inlining budget and calls the operator out of line, with its vectors passed through
/// the stack. The loops are compiled fully optimized on first use; a kernel loop gains nothing from profile-guided
/// tiers.
/// </para>
/// </remarks>
internal static class ElementWiseLoop
{
    public static void Unary<T, TOp>(ReadOnlySpan<T> x, Span<T> destination, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IUnaryOperator<T>
    {
        if (x.IsEmpty)
        {
            return;
        }

        var kernel = new UnaryKernel<T, TOp>(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(destination), (nuint)x.Length, op);
        Simd.Run<T, UnaryKernel<T, TOp>>(x.Length, ref kernel);
    }

    public static void Binary<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IBinaryOperator<T>
    {
        if (x.IsEmpty)
        {
            return;
        }

        var kernel = new BinaryKernel<T, TOp>(
            ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), ref MemoryMarshal.GetReference(destination), (nuint)x.Length, op);
        Simd.Run<T, BinaryKernel<T, TOp>>(x.Length, ref kernel);
    }

    /// <summary>destination[i] = op(x[i]) at one width, inside a kernel that has chosen it (as <see cref="Unary"/> would for n); requires n &gt;= TOps.Count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Map<T, TVec, TOps, TOp>(ref T x, ref T destination, nuint n, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<T, TVec>
        where TOp : struct, IUnaryOperator<T> =>
        Loop<T, TVec, TOps, UnaryKernel<T, TOp>>(new UnaryKernel<T, TOp>(ref x, ref destination, n, op), ref destination, n);

    /// <summary>Requires n &gt;= TOps.Count. The kernel is passed by value so its fields become registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Loop<T, TVec, TOps, TSource>(TSource source, ref T destination, nuint n)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<T, TVec>
        where TSource : IElementSource<T>, allows ref struct
    {
        nuint c = (nuint)TOps.Count;
        nuint last = n - c;
        TVec tail = source.Compute<TVec, TOps>(last);
        for (nuint i = 0; i < last; i += c)
        {
            TOps.Store(source.Compute<TVec, TOps>(i), ref destination, i);
        }

        TOps.Store(tail, ref destination, last);
    }

    /// <summary>The operator applied to the inputs at one offset: what distinguishes the arities.</summary>
    private interface IElementSource<T>
    {
        TVec Compute<TVec, TOps>(nuint i)
            where TVec : struct
            where TOps : struct, IVectorOps<T, TVec>;
    }

    private readonly ref struct UnaryKernel<T, TOp> : IWidthKernel<T>, IElementSource<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IUnaryOperator<T>
    {
        private readonly ref T x;
        private readonly ref T destination;
        private readonly nuint n;
        private readonly TOp op;

        public UnaryKernel(ref T x, ref T destination, nuint n, TOp op)
        {
            this.x = ref x;
            this.destination = ref destination;
            this.n = n;
            this.op = op;
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public void Run<TVec, TOps>()
            where TVec : struct
            where TOps : struct, IVectorOps<T, TVec> =>
            Loop<T, TVec, TOps, UnaryKernel<T, TOp>>(this, ref destination, n);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVec Compute<TVec, TOps>(nuint i)
            where TVec : struct
            where TOps : struct, IVectorOps<T, TVec> =>
            op.Invoke<TVec, TOps>(TOps.Load(ref x, i));
    }

    private readonly ref struct BinaryKernel<T, TOp> : IWidthKernel<T>, IElementSource<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IBinaryOperator<T>
    {
        private readonly ref T x;
        private readonly ref T y;
        private readonly ref T destination;
        private readonly nuint n;
        private readonly TOp op;

        public BinaryKernel(ref T x, ref T y, ref T destination, nuint n, TOp op)
        {
            this.x = ref x;
            this.y = ref y;
            this.destination = ref destination;
            this.n = n;
            this.op = op;
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public void Run<TVec, TOps>()
            where TVec : struct
            where TOps : struct, IVectorOps<T, TVec> =>
            Loop<T, TVec, TOps, BinaryKernel<T, TOp>>(this, ref destination, n);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVec Compute<TVec, TOps>(nuint i)
            where TVec : struct
            where TOps : struct, IVectorOps<T, TVec> =>
            op.Invoke<TVec, TOps>(TOps.Load(ref x, i), TOps.Load(ref y, i));
    }
}
