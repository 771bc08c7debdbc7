using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Ops;

/// <summary>x for x &gt;= 0 (and NaN), slope * x for x &lt; 0.</summary>
internal readonly struct LeakyReluOperator<T>(T slope) : IUnaryOperator<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Invoke<TVec, TOps>(TVec x)
        where TVec : struct
        where TOps : IVectorOps<T, TVec> =>
        TOps.Select(TOps.LessThan(x, TOps.Zero), TOps.Multiply(x, TOps.Broadcast(slope)), x);
}
