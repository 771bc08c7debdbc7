namespace VectorNN.Kernels.Ops;

/// <summary>
/// The double-precision operations the transcendental functions need, for one vector width (or scalar). It lets
/// <see cref="ExpFunction"/>, <see cref="TanhFunction"/> and <see cref="LogisticFunction"/> be written once and
/// specialized by the JIT for <c>double</c>, <c>Vector128&lt;double&gt;</c>, <c>Vector256&lt;double&gt;</c> and
/// <c>Vector512&lt;double&gt;</c>, instead of being copied per width. Comparisons return all-ones or all-zeros lanes.
/// </summary>
internal interface IDoubleVector<TVector>
    where TVector : struct
{
    static abstract TVector Broadcast(double value);

    static abstract TVector Add(TVector a, TVector b);

    static abstract TVector Subtract(TVector a, TVector b);

    static abstract TVector Multiply(TVector a, TVector b);

    static abstract TVector Divide(TVector a, TVector b);

    /// <summary>a * b + c, fused where the hardware has FMA (see <see cref="FusedMultiplyAdd"/>).</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);

    /// <summary>Clamps a non-NaN <paramref name="x"/>; callers restore NaN lanes themselves.</summary>
    static abstract TVector Clamp(TVector x, TVector min, TVector max);

    static abstract TVector Abs(TVector x);

    static abstract TVector CopySign(TVector value, TVector sign);

    static abstract TVector LessThan(TVector a, TVector b);

    static abstract TVector IsNaN(TVector x);

    static abstract TVector Select(TVector mask, TVector ifTrue, TVector ifFalse);

    /// <summary>
    /// The bits of <paramref name="x"/> shifted left by 52, reinterpreted as double: turns a value whose low mantissa
    /// bits hold a biased exponent (see <see cref="ExpFunction"/>) into the power of two with that exponent.
    /// </summary>
    static abstract TVector ShiftIntoExponent(TVector x);
}
