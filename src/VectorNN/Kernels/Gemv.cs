using System.Numerics;
using System.Runtime.InteropServices;
using VectorNN.Kernels.Cores;
using VectorNN.Kernels.Threading;

namespace VectorNN.Kernels;

/// <summary>
/// Matrix-vector products with a row-major weight matrix W [rows x columns], stored [out x in] as PyTorch's
/// <c>Linear</c> stores it: the forward pass of a dense layer for one sample (y = W x + b) and the gradient it sends
/// back to its input (g = W^T d). The element type <c>T</c> is <see cref="float"/> or <see cref="double"/>.
/// </summary>
/// <remarks>
/// Each output is a sum of <c>columns</c> (or <c>rows</c>) products with the error bound stated on <see cref="Reduce"/>.
/// Outputs must not overlap the matrix or the input vector: the kernels read inputs after writing outputs. Arguments
/// are checked before anything is written.
/// </remarks>
public static class Gemv
{
    /// <summary>y = W x + bias, for W [rows x columns], x [columns], bias and y [rows].</summary>
    /// <remarks><paramref name="bias"/> may be exactly <paramref name="y"/> (add in place) or disjoint from it.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short for the stated dimensions, or <paramref name="y"/> overlaps an input.</exception>
    public static void Multiply<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> x, ReadOnlySpan<T> bias, int rows, int columns, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(weights, x, rows, columns, y);
        Guard.HasLength(bias, rows, nameof(bias));
        Guard.InPlaceOrDisjoint(bias[..rows], y[..rows], nameof(y));
        GemvParallel<T>.Multiply(
            ref MemoryMarshal.GetReference(weights), ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(bias), 1, rows, columns, ref MemoryMarshal.GetReference(y));
    }

    /// <summary>y = W x, for W [rows x columns], x [columns] and y [rows].</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short for the stated dimensions, or <paramref name="y"/> overlaps an input.</exception>
    public static void Multiply<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> x, int rows, int columns, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(weights, x, rows, columns, y);
        T zero = T.Zero;
        GemvParallel<T>.Multiply(
            ref MemoryMarshal.GetReference(weights), ref MemoryMarshal.GetReference(x), ref zero, 0, rows, columns, ref MemoryMarshal.GetReference(y));
    }

    /// <summary>g = W^T d, for W [rows x columns], d [rows] and g [columns]: the input gradient of a dense layer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short for the stated dimensions, or <paramref name="g"/> overlaps an input.</exception>
    public static void MultiplyTransposed<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> d, int rows, int columns, Span<T> g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckTransposed(weights, d, rows, columns, g);
        GemvCore.MultiplyTransposed(
            ref MemoryMarshal.GetReference(weights), ref MemoryMarshal.GetReference(d), 1, rows, columns, ref MemoryMarshal.GetReference(g), accumulate: false);
    }

    /// <summary>g += W^T d, for W [rows x columns], d [rows] and g [columns].</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short for the stated dimensions, or <paramref name="g"/> overlaps an input.</exception>
    public static void MultiplyTransposedAccumulate<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> d, int rows, int columns, Span<T> g)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckTransposed(weights, d, rows, columns, g);
        GemvCore.MultiplyTransposed(
            ref MemoryMarshal.GetReference(weights), ref MemoryMarshal.GetReference(d), 1, rows, columns, ref MemoryMarshal.GetReference(g), accumulate: true);
    }

    private static void Check<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> x, int rows, int columns, Span<T> y)
    {
        Guard.NonNegative(rows, nameof(rows));
        Guard.NonNegative(columns, nameof(columns));
        Guard.HasMatrix(weights, rows, columns, nameof(weights));
        Guard.HasLength(x, columns, nameof(x));
        Guard.HasLength<T>(y, rows, nameof(y));
        Guard.Disjoint(weights[..(rows * columns)], y[..rows], nameof(y));
        Guard.Disjoint(x[..columns], y[..rows], nameof(y));
    }

    private static void CheckTransposed<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> d, int rows, int columns, Span<T> g)
    {
        Guard.NonNegative(rows, nameof(rows));
        Guard.NonNegative(columns, nameof(columns));
        Guard.HasMatrix(weights, rows, columns, nameof(weights));
        Guard.HasLength(d, rows, nameof(d));
        Guard.HasLength<T>(g, columns, nameof(g));
        Guard.Disjoint(weights[..(rows * columns)], g[..columns], nameof(g));
        Guard.Disjoint(d[..rows], g[..columns], nameof(g));
    }
}
