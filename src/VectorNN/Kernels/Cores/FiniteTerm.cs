using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Cores;

/// <summary>
/// x - x (y is ignored): exactly 0 for every finite x and NaN for NaN and infinities, so the sum of the terms is 0
/// when all elements are finite and NaN otherwise, with no overflow however large the elements are.
/// </summary>
internal readonly struct FiniteTerm : ISumTerm
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Term<T, TVec, TOps>(TVec x, TVec y)
        where TVec : struct
        where TOps : IVectorOps<T, TVec> => TOps.Subtract(x, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Accumulate<T, TVec, TOps>(TVec sum, TVec x, TVec y)
        where TVec : struct
        where TOps : IVectorOps<T, TVec> => TOps.Add(sum, TOps.Subtract(x, x));
}
