using System.Numerics;
using VectorNN.Kernels.Ops;

namespace VectorNN.Kernels.Widths;

/// <summary>
/// The width-specific operations of <see cref="Training.RegisterRowPass"/>: one register holds a row of up to eight
/// elements (<see cref="SingleRows"/>: floats in 256 bits; <see cref="DoubleRows"/>: doubles in 512 bits). The
/// arithmetic itself goes through the register's <see cref="IVectorOps{T, TVec}"/>.
/// </summary>
internal unsafe interface IRowRegister<T, TVec>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TVec : struct
{
    /// <summary>Whether the processor has the instructions.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>All ones in the lanes below <paramref name="count"/>, zeros above.</summary>
    static abstract TVec Lanes(int count);

    /// <summary>The lanes that <paramref name="mask"/> selects from <paramref name="source"/>, zeros in the others, reading no other element.</summary>
    static abstract TVec Load(T* source, TVec mask);

    /// <summary>Stores the lanes that <paramref name="mask"/> selects, writing no other element.</summary>
    static abstract void Store(T* destination, TVec mask, TVec value);

    /// <summary>The lanes of <paramref name="value"/> that <paramref name="mask"/> selects, zeros in the others.</summary>
    static abstract TVec Keep(TVec value, TVec mask);

    /// <summary>Whether every lane is zero (a NaN lane is not).</summary>
    static abstract bool AllZero(TVec value);

    /// <summary>Lane <paramref name="lane"/> of <paramref name="value"/> in every lane.</summary>
    static abstract TVec Broadcast(TVec value, int lane);

    /// <summary>
    /// Lane j is the sum of <paramref name="p0"/>..<paramref name="p7"/>'s row j: ((e0 + e1) + (e2 + e3)) + ((e4 + e5) +
    /// (e6 + e7)) of its lanes.
    /// </summary>
    static abstract TVec SumRows(TVec p0, TVec p1, TVec p2, TVec p3, TVec p4, TVec p5, TVec p6, TVec p7);

    /// <summary>The largest lane (pad lanes hold negative infinity).</summary>
    static abstract T MaxAcross(TVec value);

    /// <summary>
    /// A double-precision function of the first <paramref name="width"/> lanes as the kernels evaluate it for this
    /// element type (floats widened, computed, rounded once).
    /// </summary>
    static abstract TVec InDouble<TFunction>(TVec z, int width, TFunction function)
        where TFunction : struct, IDoubleFunction;

    /// <summary>
    /// (o f - t) s per lane in double, or s (o - t), rounded to the element type once: the loss gradient's formulas.
    /// </summary>
    static abstract TVec Difference(TVec o, TVec t, int width, double f, double s, bool product);
}
