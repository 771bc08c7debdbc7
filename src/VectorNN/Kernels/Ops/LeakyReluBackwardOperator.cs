using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Ops;

/// <summary>dy where y &gt; 0, slope * dy where y &lt;= 0, and y (NaN) where y is NaN.</summary>
internal readonly struct LeakyReluBackwardOperator<T>(T slope) : IBinaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TOps>(TVec y, TVec dy)
        where TVec : struct
        where TOps : IVectorOps<T, TVec> =>
        TOps.Select(TOps.IsNaN(y), y, TOps.Select(TOps.GreaterThan(y, TOps.Zero), dy, TOps.Multiply(dy, TOps.Broadcast(slope))));
}
