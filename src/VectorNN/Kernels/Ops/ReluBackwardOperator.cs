using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Ops;

/// <summary>dy where y &gt; 0, 0 where y &lt;= 0, and y (NaN) where y is NaN: selects, so dy is not multiplied.</summary>
internal readonly struct ReluBackwardOperator<T> : IBinaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TOps>(TVec y, TVec dy)
        where TVec : struct
        where TOps : IVectorOps<T, TVec> =>
        TOps.Select(TOps.GreaterThan(y, TOps.Zero), dy, TOps.Select(TOps.IsNaN(y), y, TOps.Zero));
}
