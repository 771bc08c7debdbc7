namespace VectorNN.Kernels.Widths;

/// <summary>
/// The vector operations a kernel needs, for one register type <typeparamref name="TVec"/>. A kernel written once
/// against this interface, as <c>Kernel&lt;T, TVec, TOps&gt;</c>, serves every width: the JIT specializes it for each
/// struct implementation, inlines the static members, and keeps <typeparamref name="TVec"/> locals in registers.
/// <see cref="ScalarOps{T}"/> makes the same kernel the scalar fallback, with one element per "vector".
/// </summary>
internal interface IVectorOps<T, TVec>
    where TVec : struct
{
    /// <summary>Elements per vector.</summary>
    static abstract int Count { get; }

    static abstract TVec Zero { get; }

    static abstract TVec Broadcast(T value);

    static abstract TVec Load(ref T source, nuint offset);

    static abstract void Store(TVec value, ref T destination, nuint offset);

    static abstract TVec Add(TVec x, TVec y);

    static abstract TVec Multiply(TVec x, TVec y);

    /// <summary>x * y + addend, fused where the hardware has FMA (see <see cref="Ops.FusedMultiplyAdd"/>).</summary>
    static abstract TVec MultiplyAdd(TVec x, TVec y, TVec addend);

    /// <summary>IEEE 754:2019 maximum: NaN if either is NaN, and +0 above -0.</summary>
    static abstract TVec Max(TVec x, TVec y);

    /// <summary>The sum of the lanes, in a fixed order.</summary>
    static abstract T Sum(TVec value);

    /// <summary>The maximum of the lanes with <see cref="Max"/>'s semantics.</summary>
    static abstract T MaxAcross(TVec value);

    /// <summary>
    /// Keeps the last <paramref name="count"/> lanes and sets the others to <paramref name="fill"/>: the remainder of a
    /// reduction is the last full vector of the input with the lanes already counted masked out.
    /// </summary>
    static abstract TVec KeepLast(TVec value, int count, TVec fill);
}
