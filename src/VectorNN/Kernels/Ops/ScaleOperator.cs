using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Ops;

/// <summary>alpha * x.</summary>
internal readonly struct ScaleOperator<T>(T alpha) : IUnaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TOps>(TVec x)
        where TVec : struct
        where TOps : IVectorOps<T, TVec> =>
        TOps.Multiply(TOps.Broadcast(alpha), x);
}
