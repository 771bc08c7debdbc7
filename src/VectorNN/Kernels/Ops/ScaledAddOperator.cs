using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Ops;

/// <summary>alpha * x + y, fused where the hardware has FMA (BLAS axpy).</summary>
internal readonly struct ScaledAddOperator<T>(T alpha) : IBinaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TOps>(TVec x, TVec y)
        where TVec : struct
        where TOps : IVectorOps<T, TVec> =>
        TOps.MultiplyAdd(TOps.Broadcast(alpha), x, y);
}
