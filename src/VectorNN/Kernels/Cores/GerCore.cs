using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Cores;

/// <summary>The rank-1 update W += d x^T, written once for every width. Callers have checked dimensions and aliasing.</summary>
internal static class GerCore
{
    public static void Accumulate<T>(ref T d, ref T x, int rows, int columns, ref T w)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (Simd.WidthFor<T>(columns))
        {
            case VectorWidth.Vector512:
                Accumulate<T, Vector512<T>, Vector512Ops<T>>(ref d, ref x, rows, columns, ref w);
                break;
            case VectorWidth.Vector256:
                Accumulate<T, Vector256<T>, Vector256Ops<T>>(ref d, ref x, rows, columns, ref w);
                break;
            case VectorWidth.Vector128:
                Accumulate<T, Vector128<T>, Vector128Ops<T>>(ref d, ref x, rows, columns, ref w);
                break;
            default:
                Accumulate<T, T, ScalarOps<T>>(ref d, ref x, rows, columns, ref w);
                break;
        }
    }

    // Each row is an axpy, W[r, :] += d[r] x. Its remainder is the last full vector computed from the row's original
    // values before the row is written, so the overlap is stored twice with the same value.
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
}
