using System.Numerics;

namespace VectorNN.Data;

/// <summary>
/// Parses the short decimals that fill numeric CSV files (<c>-18.4291</c>, <c>0.0128818</c>, <c>2.5e-3</c>) several
/// times faster than the runtime's general parser, with the same result bit for bit. Anything else is left to the
/// runtime: a false return means "not decided here", not "invalid".
/// </summary>
/// <remarks>
/// Clinger's fast path ("How to read floating point numbers accurately", 1990): when the decimal's digits form an
/// integer m that the target type holds exactly (m &lt;= 2^24 for float, 2^53 for double) and 10^|e| is exact
/// too (|e| &lt;= 10 for float, 22 for double), m * 10^e or m / 10^-e is one correctly rounded operation on exact
/// operands: the correctly rounded value of the decimal, as the runtime's parser gives it. Seven significant digits
/// (the float a program printed) fit; longer ones take the general parser.
/// </remarks>
internal static class DecimalParser
{
    private static readonly double[] PowersOfTen =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    // Past this many exponent digits' value the exponent is out of every fast range; the cap keeps it from overflowing.
    private const int ExponentCap = 1000;

    /// <summary>
    /// [sign] digits [. digits] [e|E [sign] digits], at least one mantissa digit, nothing around it (whitespace
    /// included): its value when the fast path is exact, else false.
    /// </summary>
    public static bool TryParse<T>(ReadOnlySpan<char> text, out T value)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        value = default;
        ulong maxMantissa = typeof(T) == typeof(float) ? 1UL << 24 : 1UL << 53;
        int maxPower = typeof(T) == typeof(float) ? 10 : 22;
        int i = 0;
        bool negative = false;
        if (i < text.Length && text[i] is '-' or '+')
        {
            negative = text[i] == '-';
            i++;
        }

        ulong mantissa = 0;
        int power = 0;
        bool digits = false;
        for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
        {
            mantissa = (mantissa * 10) + (uint)(text[i] - '0');
            digits = true;
            if (mantissa > maxMantissa)
            {
                return false;
            }
        }

        if (i < text.Length && text[i] == '.')
        {
            for (i++; i < text.Length && char.IsAsciiDigit(text[i]); i++)
            {
                mantissa = (mantissa * 10) + (uint)(text[i] - '0');
                power--;
                digits = true;
                if (mantissa > maxMantissa)
                {
                    return false;
                }
            }
        }

        if (!digits)
        {
            return false;
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            bool negativeExponent = false;
            if (i < text.Length && text[i] is '-' or '+')
            {
                negativeExponent = text[i] == '-';
                i++;
            }

            int exponent = 0;
            int start = i;
            for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
            {
                exponent = Math.Min(ExponentCap, (exponent * 10) + (text[i] - '0'));
            }

            if (i == start)
            {
                return false;
            }

            power += negativeExponent ? -exponent : exponent;
        }

        if (i != text.Length || Math.Abs(power) > maxPower)
        {
            return false;
        }

        // Both operands are exact in T (the mantissa and the power of ten within the limits above): one rounding.
        T m = T.CreateTruncating(mantissa);
        T scale = T.CreateTruncating(PowersOfTen[Math.Abs(power)]);
        T magnitude = power >= 0 ? m * scale : m / scale;
        value = negative ? -magnitude : magnitude;
        return true;
    }
}
