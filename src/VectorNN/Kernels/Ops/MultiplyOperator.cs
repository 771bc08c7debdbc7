using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Ops;

/// <summary>x * y.</summary>
internal readonly struct MultiplyOperator<T> : IBinaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TOps>(TVec x, TVec y)
        where TVec : struct
        where TOps : IVectorOps<T, TVec> =>
        TOps.Multiply(x, y);
}
