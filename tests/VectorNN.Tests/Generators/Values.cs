using FsCheck;
using FsCheck.Fluent;

namespace VectorNN.Tests.Generators;

/// <summary>Random finite values and arrays of them, with a seed-free layout FsCheck can shrink.</summary>
public static class Values
{
    /// <summary>A value in [-4, 4] on a grid of 2^-16, so float and double inputs are identical numbers.</summary>
    public static Gen<double> Finite { get; } = Gen.Choose(-(4 << 16), 4 << 16).Select(i => i / 65536.0);

    /// <summary>An array of <paramref name="length"/> values from <see cref="Finite"/>.</summary>
    public static Gen<double[]> Array(int length) => Finite.ArrayOf(length);

    /// <summary>The special values NaN and the infinities propagate through kernels.</summary>
    public static readonly double[] NonFinite = { double.NaN, double.PositiveInfinity, double.NegativeInfinity };

    /// <summary>
    /// A copy of <paramref name="values"/> (non-empty) with one element replaced by NaN, +inf or -inf: FsCheck's
    /// <paramref name="position"/> and <paramref name="which"/> pick the element and the value.
    /// </summary>
    public static double[] WithNonFinite(double[] values, NonNegativeInt position, NonNegativeInt which)
    {
        double[] copy = (double[])values.Clone();
        copy[position.Item % copy.Length] = NonFinite[which.Item % NonFinite.Length];
        return copy;
    }

    /// <summary>Converts a double array to float; exact for values drawn from <see cref="Finite"/>.</summary>
    public static float[] ToSingle(double[] values) => System.Array.ConvertAll(values, v => (float)v);
}
