using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Cores;

/// <summary>x itself (y is ignored): the term of a plain sum.</summary>
internal readonly struct ValueTerm : ISumTerm
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Term<T, TVec, TOps>(TVec x, TVec y)
        where TVec : struct
        where TOps : IVectorOps<T, TVec> => x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Accumulate<T, TVec, TOps>(TVec sum, TVec x, TVec y)
        where TVec : struct
        where TOps : IVectorOps<T, TVec> => TOps.Add(sum, x);
}
