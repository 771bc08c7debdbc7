using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Cores;

/// <summary>x * y, accumulated with a fused multiply-add.</summary>
internal readonly struct DotTerm : ISumTerm
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Term<T, TVec, TOps>(TVec x, TVec y)
        where TVec : struct
        where TOps : IVectorOps<T, TVec> => TOps.Multiply(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Accumulate<T, TVec, TOps>(TVec sum, TVec x, TVec y)
        where TVec : struct
        where TOps : IVectorOps<T, TVec> => TOps.MultiplyAdd(x, y, sum);
}
