using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Ops;

/// <summary>y * (dy - dot), one row of the softmax Jacobian-vector product, where dot = sum_j dy_j y_j of the row.</summary>
internal readonly struct SoftmaxBackwardOperator<T>(T dot) : IBinaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TOps>(TVec y, TVec dy)
        where TVec : struct
        where TOps : IVectorOps<T, TVec> =>
        TOps.Multiply(y, TOps.Subtract(dy, TOps.Broadcast(dot)));
}
