namespace VectorNN.Testing;

/// <summary>
/// A value computed in double together with a bound on how far the same formula evaluated in a precision of unit
/// roundoff <see cref="Unit"/> can be from the exact result: running error analysis (Higham, Accuracy and Stability
/// of Numerical Algorithms, 2nd ed., section 3.3). Each operation propagates its operands' bounds to first order, plus
/// the exact second-order terms where they are cheap, and adds one rounding of its own result.
/// </summary>
/// <remarks>
/// The bound tracks absolute error, so cancellation (1 - b^t with b^t near 1) shows up as the large relative error it
/// is. Plain doubles convert to exact constants; <see cref="Rounded"/> makes an input that was rounded to the lower
/// precision.
/// </remarks>
/// <param name="Value">The value computed in double.</param>
/// <param name="Error">The error bound.</param>
/// <param name="Unit">Unit roundoff of the precision the bound is for (0 for exact constants).</param>
public readonly record struct Approx(double Value, double Error, double Unit)
{
    /// <summary>An input rounded once to a precision of unit roundoff <paramref name="unit"/>.</summary>
    public static Approx Rounded(double value, double unit) => new(value, unit * Math.Abs(value), unit);

    /// <summary>An exact constant.</summary>
    public static implicit operator Approx(double value) => new(value, 0, 0);

    /// <summary>Negation is exact.</summary>
    public static Approx operator -(Approx x) => x with { Value = -x.Value };

    /// <summary>A sum, rounded once.</summary>
    public static Approx operator +(Approx x, Approx y) => Round(x.Value + y.Value, x.Error + y.Error, x, y);

    /// <summary>A difference, rounded once.</summary>
    public static Approx operator -(Approx x, Approx y) => Round(x.Value - y.Value, x.Error + y.Error, x, y);

    /// <summary>A product, rounded once.</summary>
    public static Approx operator *(Approx x, Approx y) =>
        Round(x.Value * y.Value, (Math.Abs(x.Value) * y.Error) + (Math.Abs(y.Value) * x.Error) + (x.Error * y.Error), x, y);

    /// <summary>A quotient, rounded once: |x'/y' - x/y| &lt;= (ex + |x/y| ey) / (|y| - ey).</summary>
    public static Approx operator /(Approx x, Approx y)
    {
        double value = x.Value / y.Value;
        double margin = Math.Abs(y.Value) - y.Error;
        double propagated = margin > 0 ? (x.Error + (Math.Abs(value) * y.Error)) / margin : double.PositiveInfinity;
        return Round(value, propagated, x, y);
    }

    /// <summary>
    /// The square root, rounded once. Its error bound comes from |sqrt(a) - sqrt(b)| = |a - b| / (sqrt(a) + sqrt(b)),
    /// which stays accurate where subtracting two nearly equal roots would not.
    /// </summary>
    public static Approx Sqrt(Approx x)
    {
        double value = Math.Sqrt(x.Value);
        double propagated = x.Error == 0 ? 0
            : x.Value > x.Error ? x.Error / (value + Math.Sqrt(x.Value - x.Error))
            : Math.Max(value, x.Error / (value + Math.Sqrt(x.Value + x.Error)));
        return new Approx(value, propagated + (x.Unit * value), x.Unit);
    }

    private static Approx Round(double value, double propagated, Approx x, Approx y)
    {
        double unit = Math.Max(x.Unit, y.Unit);
        return new Approx(value, propagated + (unit * Math.Abs(value)), unit);
    }
}
