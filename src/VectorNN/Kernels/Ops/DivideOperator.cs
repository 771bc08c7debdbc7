using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Ops;

/// <summary>x / divisor: one rounding, unlike multiplying by a rounded reciprocal.</summary>
internal readonly struct DivideOperator<T>(T divisor) : IUnaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TOps>(TVec x)
        where TVec : struct
        where TOps : IVectorOps<T, TVec> =>
        TOps.Divide(x, TOps.Broadcast(divisor));
}
