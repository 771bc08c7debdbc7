using System.Runtime.CompilerServices;
using VectorNN.Kernels.Widths;

namespace VectorNN.Kernels.Ops;

/// <summary>
/// e^x in double: Cody-Waite reduction x = k ln2 + r with |r| &lt;= ln2/2, a Taylor polynomial for e^r (degree 13,
/// truncation below 1e-17 relative; degree 8 when the result is rounded to float, truncation below 3e-10), and
/// scaling by 2^k as two powers of two so that results near overflow and in the subnormal range are formed with a
/// single rounding.
/// </summary>
/// <remarks>
/// A result that will be rounded to float takes a shorter chain of dependent operations, since a small network's
/// step waits on it (tanh, logistic and softmax of a few values): the degree-8 polynomial by Estrin's scheme (four
/// dependent steps instead of eight multiply-adds) and x clamped to [-200, 200], where 2^k is one normal double and e^x
/// still overflows float or rounds to 0 in float at both ends, so one exact product scales it.
/// </remarks>
internal readonly struct ExpFunction : IDoubleFunction
{
    // Adding 1.5 * 2^52 rounds a double of magnitude below 2^51 to an integer and leaves that integer in the low
    // mantissa bits, which is cheaper on every width than a float-to-integer conversion.
    private const double RoundingShift = 6755399441055744.0;

    // ln 2 split so that k * Ln2High is exact for |k| < 2^11 (Ln2High has 21 trailing zero bits), from fdlibm.
    private const double Ln2High = 6.93147180369123816490e-01;
    private const double Ln2Low = 1.90821492927058770002e-10;

    // Past these, e^x is +inf or rounds to 0 in double; clamping keeps k and the exponent arithmetic in range.
    private const double ClampLow = -746.0;
    private const double ClampHigh = 710.0;

    // For float results: e^200 is far above float's largest value and e^-200 far below half its smallest subnormal.
    private const double SingleClamp = 200.0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVector Invoke<TVector, TOps>(TVector x, bool single)
        where TVector : struct
        where TOps : IVectorOps<double, TVector> =>
        Exp<TVector, TOps>(x, single);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Exp<TVector, TOps>(TVector x, bool single)
        where TVector : struct
        where TOps : IVectorOps<double, TVector>
    {
        return single ? ExpForSingle<TVector, TOps>(x) : ExpForDouble<TVector, TOps>(x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector ExpForDouble<TVector, TOps>(TVector x)
        where TVector : struct
        where TOps : IVectorOps<double, TVector>
    {
        TVector shift = TOps.Broadcast(RoundingShift);
        (TVector k, TVector r) = Reduce<TVector, TOps>(TOps.Clamp(x, TOps.Broadcast(ClampLow), TOps.Broadcast(ClampHigh)));

        TVector p = TOps.Broadcast(1.0 / 6227020800);
        p = TOps.MultiplyAdd(p, r, TOps.Broadcast(1.0 / 479001600));
        p = TOps.MultiplyAdd(p, r, TOps.Broadcast(1.0 / 39916800));
        p = TOps.MultiplyAdd(p, r, TOps.Broadcast(1.0 / 3628800));
        p = TOps.MultiplyAdd(p, r, TOps.Broadcast(1.0 / 362880));
        p = TOps.MultiplyAdd(p, r, TOps.Broadcast(1.0 / 40320));
        p = TOps.MultiplyAdd(p, r, TOps.Broadcast(1.0 / 5040));
        p = TOps.MultiplyAdd(p, r, TOps.Broadcast(1.0 / 720));
        p = TOps.MultiplyAdd(p, r, TOps.Broadcast(1.0 / 120));
        p = TOps.MultiplyAdd(p, r, TOps.Broadcast(1.0 / 24));
        p = TOps.MultiplyAdd(p, r, TOps.Broadcast(1.0 / 6));
        p = TOps.MultiplyAdd(p, r, TOps.Broadcast(0.5));
        p = TOps.MultiplyAdd(p, r, TOps.Broadcast(1.0));
        p = TOps.MultiplyAdd(p, r, TOps.Broadcast(1.0));

        // 2^k does not fit one double at both ends of the range (k reaches 1024 and -1076), but 2^k1 * 2^k2 with
        // k1 = round(k / 2) does; p * 2^k1 is exact, so the second product is the only rounding.
        TVector k1 = TOps.Subtract(TOps.MultiplyAdd(k, TOps.Broadcast(0.5), shift), shift);
        TVector k2 = TOps.Subtract(k, k1);
        TVector result = TOps.Multiply(TOps.Multiply(p, PowerOfTwo<TVector, TOps>(k1)), PowerOfTwo<TVector, TOps>(k2));

        // The clamp may have replaced NaN; restore it.
        return TOps.Select(TOps.IsNaN(x), x, result);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector ExpForSingle<TVector, TOps>(TVector x)
        where TVector : struct
        where TOps : IVectorOps<double, TVector>
    {
        (TVector k, TVector r) = Reduce<TVector, TOps>(TOps.Clamp(x, TOps.Broadcast(-SingleClamp), TOps.Broadcast(SingleClamp)));

        // sum_{i <= 8} r^i / i! as (a + b r^2) + r^4 ((c + d r^2) + r^4 / 8!), with a..d the pairs of terms.
        TVector r2 = TOps.Multiply(r, r);
        TVector r4 = TOps.Multiply(r2, r2);
        TVector a = TOps.MultiplyAdd(r, TOps.Broadcast(1.0), TOps.Broadcast(1.0));
        TVector b = TOps.MultiplyAdd(r, TOps.Broadcast(1.0 / 6), TOps.Broadcast(0.5));
        TVector c = TOps.MultiplyAdd(r, TOps.Broadcast(1.0 / 120), TOps.Broadcast(1.0 / 24));
        TVector d = TOps.MultiplyAdd(r, TOps.Broadcast(1.0 / 5040), TOps.Broadcast(1.0 / 720));
        TVector low = TOps.MultiplyAdd(b, r2, a);
        TVector high = TOps.MultiplyAdd(d, r2, c);
        high = TOps.MultiplyAdd(r4, TOps.Broadcast(1.0 / 40320), high);
        TVector p = TOps.MultiplyAdd(high, r4, low);

        // |k| <= 289: 2^k is a normal double, and the product with it is exact.
        TVector result = TOps.Multiply(p, PowerOfTwo<TVector, TOps>(k));
        return TOps.Select(TOps.IsNaN(x), x, result);
    }

    /// <summary>k = round(x / ln2) and r = x - k ln2, for a clamped x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TVector K, TVector R) Reduce<TVector, TOps>(TVector clamped)
        where TVector : struct
        where TOps : IVectorOps<double, TVector>
    {
        TVector shift = TOps.Broadcast(RoundingShift);
        TVector k = TOps.Subtract(TOps.MultiplyAdd(clamped, TOps.Broadcast(double.Log2(double.E)), shift), shift);
        TVector r = TOps.MultiplyAdd(k, TOps.Broadcast(-Ln2High), clamped);
        return (k, TOps.MultiplyAdd(k, TOps.Broadcast(-Ln2Low), r));
    }

    /// <summary>2^k for an integer-valued k in [-1022, 1023].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector PowerOfTwo<TVector, TOps>(TVector k)
        where TVector : struct
        where TOps : IVectorOps<double, TVector> =>
        TOps.ShiftIntoExponent(TOps.Add(k, TOps.Broadcast(RoundingShift + 1023)));
}
