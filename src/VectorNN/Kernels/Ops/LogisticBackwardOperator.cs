using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Ops;

/// <summary>dy * y * (1 - y), the logistic derivative expressed through the forward output y.</summary>
internal readonly struct LogisticBackwardOperator<T> : IBinaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TOps>(TVec y, TVec dy)
        where TVec : struct
        where TOps : IVectorOps<T, TVec> =>
        TOps.Multiply(dy, TOps.Multiply(y, TOps.Subtract(TOps.Broadcast(T.One), y)));
}
