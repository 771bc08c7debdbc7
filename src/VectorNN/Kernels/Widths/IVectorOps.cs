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

    /// <summary>
    /// <see cref="Count"/> values of <typeparamref name="TSource"/> from <paramref name="source"/> + <paramref name="offset"/>,
    /// each converted exactly to <typeparamref name="T"/>: unsigned bytes (pixels), floats widened to double (statistics
    /// of float data in double), or <typeparamref name="T"/> itself, loaded as <see cref="Load"/> loads it.
    /// </summary>
    static abstract TVec LoadConverted<TSource>(ref TSource source, nuint offset)
        where TSource : unmanaged;

    /// <summary>
    /// Stores the lanes as <typeparamref name="TDestination"/> at <paramref name="destination"/> + <paramref name="offset"/>:
    /// double lanes rounded to float (to nearest, as a cast rounds), or <typeparamref name="T"/> itself as
    /// <see cref="Store"/> stores it.
    /// </summary>
    static abstract void StoreConverted<TDestination>(TVec value, ref TDestination destination, nuint offset)
        where TDestination : unmanaged;

    /// <summary>
    /// The first <paramref name="count"/> lanes (0 &lt; count &lt;= <see cref="Count"/>) from <paramref name="source"/>,
    /// zeros in the others, reading no element past them: a row of a matrix narrower than a register.
    /// </summary>
    static abstract TVec LoadFirst(ref T source, int count);

    /// <summary>
    /// Stores the first <paramref name="count"/> lanes (0 &lt; count &lt;= <see cref="Count"/>) of
    /// <paramref name="value"/>, writing no element past them.
    /// </summary>
    static abstract void StoreFirst(TVec value, ref T destination, int count);

    static abstract TVec Add(TVec x, TVec y);

    static abstract TVec Subtract(TVec x, TVec y);

    static abstract TVec Multiply(TVec x, TVec y);

    static abstract TVec Divide(TVec x, TVec y);

    /// <summary>The correctly rounded square root of each lane (IEEE 754), as the hardware's sqrt instruction gives it.</summary>
    static abstract TVec Sqrt(TVec x);

    /// <summary>
    /// x * y + addend. With FMA hardware this is one rounding; without it (<c>DOTNET_EnableAVX2=0</c>, or the scalar
    /// path) it is a multiply and an add, because a software-emulated fused operation is orders of magnitude slower.
    /// </summary>
    static abstract TVec MultiplyAdd(TVec x, TVec y, TVec addend);

    /// <summary>IEEE 754:2019 maximum: NaN if either is NaN, and +0 above -0.</summary>
    static abstract TVec Max(TVec x, TVec y);

    /// <summary>IEEE 754:2019 minimum: NaN if either is NaN, and -0 below +0 (as <see cref="Math.Min(double, double)"/>).</summary>
    static abstract TVec Min(TVec x, TVec y);

    /// <summary>Clamps a non-NaN <paramref name="x"/> with the hardware's min/max; callers restore NaN lanes themselves.</summary>
    static abstract TVec Clamp(TVec x, TVec min, TVec max);

    static abstract TVec Abs(TVec x);

    static abstract TVec CopySign(TVec value, TVec sign);

    /// <summary>A mask: all bits set in lanes where x &lt; y, zero elsewhere (one-lane: NaN or +0).</summary>
    static abstract TVec LessThan(TVec x, TVec y);

    /// <summary>A mask of the lanes where x &lt;= y, as <see cref="LessThan"/> forms masks.</summary>
    static abstract TVec LessThanOrEqual(TVec x, TVec y);

    /// <summary>A mask of the lanes where x &gt; y, as <see cref="LessThan"/> forms masks.</summary>
    static abstract TVec GreaterThan(TVec x, TVec y);

    /// <summary>A mask of the NaN lanes, as <see cref="LessThan"/> forms masks.</summary>
    static abstract TVec IsNaN(TVec x);

    /// <summary>Lanes of <paramref name="ifTrue"/> where <paramref name="mask"/> is set, else of <paramref name="ifFalse"/>.</summary>
    static abstract TVec Select(TVec mask, TVec ifTrue, TVec ifFalse);

    /// <summary>
    /// The bits of <paramref name="x"/> shifted left by the mantissa width (52 for double, 23 for float) and
    /// reinterpreted: turns a value whose low mantissa bits hold a biased exponent into the power of two with that
    /// exponent (see <see cref="Ops.ExpFunction"/>).
    /// </summary>
    static abstract TVec ShiftIntoExponent(TVec x);

    /// <summary>
    /// Evaluates <paramref name="function"/> on every lane in double precision: float lanes are widened, evaluated
    /// with <c>single</c> set and rounded back once; double lanes are evaluated directly.
    /// </summary>
    static abstract TVec InDouble<TFunction>(TVec x, TFunction function)
        where TFunction : struct, Ops.IDoubleFunction;

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
