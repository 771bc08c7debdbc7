using System.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace VectorNN.Testing;

/// <summary>
/// Random values for kernels and networks: finite numbers on a grid that float and double represent alike, arrays of
/// them, and NaN and infinities placed at random positions, all in a seed-free layout FsCheck can shrink.
/// </summary>
public static class Values
{
    /// <summary>
    /// A value in [-4, 4] on a grid of 2^-16: at most 19 significant bits, so the float and the double input are the
    /// same number and a comparison of the two precisions measures the computation, not the input rounding.
    /// </summary>
    public static Gen<double> Finite { get; } = Gen.Choose(-(4 << 16), 4 << 16).Select(i => i / 65536.0);

    /// <summary>NaN and the two infinities: the special values a kernel must propagate.</summary>
    public static IReadOnlyList<double> NonFinite { get; } = [double.NaN, double.PositiveInfinity, double.NegativeInfinity];

    /// <summary>An array of <paramref name="length"/> values from <see cref="Finite"/>.</summary>
    /// <param name="length">The number of elements, zero or more.</param>
    public static Gen<double[]> Array(int length) => Finite.ArrayOf(length);

    /// <summary>
    /// An array of <paramref name="length"/> values of which about one in six is NaN, +inf, -inf or -0 (the signed zero
    /// shows a kernel that loses the sign), the others from <see cref="Finite"/>: special values at random positions,
    /// several per array, next to each other or not.
    /// </summary>
    /// <param name="length">The number of elements, zero or more.</param>
    public static Gen<double[]> ArrayWithSpecials(int length) =>
        Gen.Frequency((5, Finite), (1, Gen.Elements(NonFinite.Append(-0.0).ToArray()))).ArrayOf(length);

    /// <summary>
    /// A copy of <paramref name="values"/> (non-empty) with one element replaced by NaN, +inf or -inf: FsCheck's
    /// <paramref name="position"/> and <paramref name="which"/> pick the element and the value, so a failure shrinks
    /// to the first position and to NaN.
    /// </summary>
    /// <param name="values">The finite values; not modified.</param>
    /// <param name="position">The element to replace, modulo the length.</param>
    /// <param name="which">The special value, modulo the number of <see cref="NonFinite"/> values.</param>
    public static double[] WithNonFinite(double[] values, NonNegativeInt position, NonNegativeInt which)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(position);
        ArgumentNullException.ThrowIfNull(which);
        if (values.Length == 0)
        {
            throw new ArgumentException("There is no element to replace in an empty array.", nameof(values));
        }

        double[] copy = (double[])values.Clone();
        copy[position.Item % copy.Length] = NonFinite[which.Item % NonFinite.Count];
        return copy;
    }

    /// <summary>The values converted to <typeparamref name="T"/>: exact for values drawn from <see cref="Finite"/>.</summary>
    /// <typeparam name="T">float, double or another number type.</typeparam>
    /// <param name="values">The values in double.</param>
    public static T[] As<T>(double[] values)
        where T : INumberBase<T> => System.Array.ConvertAll(values, T.CreateTruncating);

    /// <summary>The values widened to double, to compare with an oracle computed in double.</summary>
    /// <typeparam name="T">float, double or another number type.</typeparam>
    /// <param name="values">The values.</param>
    public static double[] ToDouble<T>(ReadOnlySpan<T> values)
        where T : INumberBase<T>
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = double.CreateTruncating(values[i]);
        }

        return result;
    }
}
