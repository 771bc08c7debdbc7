using System.Numerics;
using VectorNN.Kernels.Ops;

namespace VectorNN.Kernels;

/// <summary>
/// Element-wise vector operations over spans, vectorized at the width <see cref="Simd"/> chose. The element
/// type <c>T</c> is <see cref="float"/> or <see cref="double"/>.
/// </summary>
/// <remarks>
/// Aliasing: a destination may be exactly one of the inputs (in place) or disjoint from them; a partial overlap throws.
/// Inputs must have equal lengths and the destination must be at least as long; only the first <c>x.Length</c>
/// destination elements are written. Arguments are checked before anything is written.
/// </remarks>
public static class ElementWise
{
    /// <summary>destination[i] = x[i] + y[i].</summary>
    /// <exception cref="ArgumentException">Lengths differ, the destination is too short, or it partially overlaps an input.</exception>
    public static void Add<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckBinary(x, y, destination);
        ElementWiseLoop.Binary(x, y, destination, default(AddOperator<T>));
    }

    /// <summary>destination[i] = x[i] * y[i] (the Hadamard product).</summary>
    /// <exception cref="ArgumentException">Lengths differ, the destination is too short, or it partially overlaps an input.</exception>
    public static void Multiply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckBinary(x, y, destination);
        ElementWiseLoop.Binary(x, y, destination, default(MultiplyOperator<T>));
    }

    /// <summary>destination[i] = alpha * x[i].</summary>
    /// <exception cref="ArgumentException">The destination is too short or partially overlaps <paramref name="x"/>.</exception>
    public static void Scale<T>(ReadOnlySpan<T> x, T alpha, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.HasLength<T>(destination, x.Length, nameof(destination));
        Guard.InPlaceOrDisjoint(x, destination, nameof(destination));
        ElementWiseLoop.Unary(x, destination, new ScaleOperator<T>(alpha));
    }

    /// <summary>y[i] += alpha * x[i] (BLAS axpy), with one rounding per element where the hardware has FMA.</summary>
    /// <exception cref="ArgumentException">Lengths differ or <paramref name="y"/> partially overlaps <paramref name="x"/>.</exception>
    public static void AccumulateScaled<T>(ReadOnlySpan<T> x, T alpha, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.SameLength(x, (ReadOnlySpan<T>)y, nameof(y));
        Guard.InPlaceOrDisjoint(x, y, nameof(y));
        ElementWiseLoop.Binary(x, y, y, new ScaledAddOperator<T>(alpha));
    }

    private static void CheckBinary<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
    {
        Guard.SameLength(x, y, nameof(y));
        Guard.HasLength<T>(destination, x.Length, nameof(destination));
        Guard.InPlaceOrDisjoint(x, destination, nameof(destination));
        Guard.InPlaceOrDisjoint(y, destination, nameof(destination));
    }
}
