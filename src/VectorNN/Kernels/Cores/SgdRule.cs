using System.Numerics;
using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Cores;

/// <summary>Plain gradient descent: g' = scale g + lambda w; w -= lr g'.</summary>
internal readonly struct SgdRule<T>(T learningRate, T gradientScale, T weightDecay) : IUpdateRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int StateCount => 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Apply<TVec, TOps>(TVec w, TVec g, ref TVec s1, ref TVec s2)
        where TVec : struct
        where TOps : IVectorOps<T, TVec>
    {
        TVec effective = TOps.MultiplyAdd(TOps.Broadcast(weightDecay), w, TOps.Multiply(TOps.Broadcast(gradientScale), g));
        return TOps.MultiplyAdd(TOps.Broadcast(-learningRate), effective, w);
    }
}
