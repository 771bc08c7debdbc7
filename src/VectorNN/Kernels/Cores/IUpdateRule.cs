using System.Numerics;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Cores;

/// <summary>
/// The per-element rule of an optimizer: new parameters from the parameters, their gradients and up to two state
/// arrays (velocity, Adam's moments), which it updates in place. <see cref="ParameterUpdateCore"/> runs it at every
/// width.
/// </summary>
internal interface IUpdateRule<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>
    /// How many state arrays the rule reads and writes: 0, 1 (<c>s1</c>) or 2 (<c>s1</c> and <c>s2</c>). A JIT-time
    /// constant, so the loop neither loads nor stores arrays a rule does not have.
    /// </summary>
    static abstract int StateCount { get; }

    /// <summary>Returns the updated parameters <paramref name="w"/> and updates the state vectors in place.</summary>
    TVec Apply<TVec, TOps>(TVec w, TVec g, ref TVec s1, ref TVec s2)
        where TVec : struct
        where TOps : IVectorOps<T, TVec>;
}
