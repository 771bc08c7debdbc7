using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Cores;

/// <summary>The rank-1 update W += d x^T, written once for every width. Callers have checked dimensions and aliasing.</summary>
internal static class GerCore
{
    public static void Accumulate<T>(ref T d, ref T x, int rows, int columns, ref T w)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var kernel = new Kernel<T>(ref d, ref x, rows, columns, ref w);
        Simd.Run<T, Kernel<T>>(columns, ref kernel);
    }

    // Each row is an axpy, W[r, :] += d[r] x. Its remainder is the last full vector computed from the row's original
    // values before the row is written, so the overlap is stored twice with the same value.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate<T, TVec, TOps>(ref T d, ref T x, int rows, int columns, ref T w)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : IVectorOps<T, TVec>
    {
        nuint c = (nuint)TOps.Count;
        nuint n = (nuint)columns;
        if (n == 0)
        {
            return;
        }

        nuint last = n - c;
        ref T row = ref w;
        for (nuint r = 0; r < (nuint)rows; r++, row = ref Unsafe.Add(ref row, n))
        {
            TVec dr = TOps.Broadcast(Unsafe.Add(ref d, r));
            TVec tail = TOps.MultiplyAdd(dr, TOps.Load(ref x, last), TOps.Load(ref row, last));
            nuint i = 0;
            for (; i + 2 * c <= n; i += 2 * c)
            {
                TOps.Store(TOps.MultiplyAdd(dr, TOps.Load(ref x, i), TOps.Load(ref row, i)), ref row, i);
                TOps.Store(TOps.MultiplyAdd(dr, TOps.Load(ref x, i + c), TOps.Load(ref row, i + c)), ref row, i + c);
            }

            for (; i + c <= n; i += c)
            {
                TOps.Store(TOps.MultiplyAdd(dr, TOps.Load(ref x, i), TOps.Load(ref row, i)), ref row, i);
            }

            TOps.Store(tail, ref row, last);
        }
    }

    private readonly ref struct Kernel<T> : IWidthKernel<T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        private readonly ref T d;
        private readonly ref T x;
        private readonly ref T w;
        private readonly int rows;
        private readonly int columns;

        public Kernel(ref T d, ref T x, int rows, int columns, ref T w)
        {
            this.d = ref d;
            this.x = ref x;
            this.w = ref w;
            this.rows = rows;
            this.columns = columns;
        }

        public void Run<TVec, TOps>()
            where TVec : struct
            where TOps : struct, IVectorOps<T, TVec> =>
            Accumulate<T, TVec, TOps>(ref d, ref x, rows, columns, ref w);
    }
}
