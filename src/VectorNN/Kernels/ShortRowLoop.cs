using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VectorNN.Kernels.Ops;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels;

/// <summary>
/// An element-wise operator over a row of a few dozen elements at most (a small layer's outputs), at the widest
/// vector width whatever the row's length: the row is loaded in zero-padded pieces of one vector
/// (<see cref="IVectorOps{T, TVec}.LoadFirst"/>), so a 5-element tanh is one vector evaluation where
/// <see cref="ElementWiseLoop"/> would take a narrower width twice over (a full vector and the overlapping last one).
/// Callers have checked lengths; the output may be the input.
/// </summary>
/// <remarks>
/// The operators compute each lane independently of the others, and the double-precision functions give the same
/// result at every width, so a row gives the bits <see cref="ElementWiseLoop"/> gives.
/// </remarks>
internal static class ShortRowLoop
{
    public static void Unary<T, TOp>(ReadOnlySpan<T> x, Span<T> destination, TOp op)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IUnaryOperator<T>
    {
        var kernel = new Kernel<T, TOp>(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(destination), x.Length, op);
        Simd.Run<T, Kernel<T, TOp>>(Simd.AnyLength, ref kernel);
    }

    private readonly ref struct Kernel<T, TOp> : IWidthKernel<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TOp : struct, IUnaryOperator<T>
    {
        private readonly ref T x;
        private readonly ref T destination;
        private readonly int n;
        private readonly TOp op;

        public Kernel(ref T x, ref T destination, int n, TOp op)
        {
            this.x = ref x;
            this.destination = ref destination;
            this.n = n;
            this.op = op;
        }

        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        public void Run<TVec, TOps>()
            where TVec : struct
            where TOps : struct, IVectorOps<T, TVec>
        {
            for (int i = 0; i < n; i += TOps.Count)
            {
                int count = Math.Min(TOps.Count, n - i);
                TVec y = op.Invoke<TVec, TOps>(TOps.LoadFirst(ref Unsafe.Add(ref x, i), count));
                TOps.StoreFirst(y, ref Unsafe.Add(ref destination, i), count);
            }
        }
    }
}
