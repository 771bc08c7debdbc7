using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Ops;

/// <summary>max(x, 0) that keeps NaN: lanes with x &lt;= 0 become +0, all others (including NaN) pass.</summary>
internal readonly struct ReluOperator<T> : IUnaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TOps>(TVec x)
        where TVec : struct
        where TOps : IVectorOps<T, TVec> =>
        TOps.Select(TOps.LessThanOrEqual(x, TOps.Zero), TOps.Zero, x);
}
