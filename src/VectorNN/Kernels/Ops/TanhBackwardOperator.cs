using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Ops;

/// <summary>dy * (1 - y^2), written (1 - y)(1 + y) so it does not cancel as |y| approaches 1.</summary>
internal readonly struct TanhBackwardOperator<T> : IBinaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TOps>(TVec y, TVec dy)
        where TVec : struct
        where TOps : IVectorOps<T, TVec> =>
        TOps.Multiply(dy, TOps.Multiply(TOps.Subtract(TOps.Broadcast(T.One), y), TOps.Add(TOps.Broadcast(T.One), y)));
}
