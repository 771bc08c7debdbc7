using System.Numerics;
using System.Runtime.InteropServices;
using VectorNN.Kernels.Cores;

namespace VectorNN.Kernels;

/// <summary>
/// The rank-1 update W += d x^T: the weight gradient of a dense layer for one sample (dW += delta * input^T).
/// The element type <c>T</c> is <see cref="float"/> or <see cref="double"/>.
/// </summary>
public static class Ger
{
    /// <summary>W[r, c] += d[r] * x[c], for W [rows x columns] row-major, d [rows] and x [columns].</summary>
    /// <remarks>
    /// One fused multiply-add per element where the hardware has FMA. <paramref name="weights"/> must not overlap
    /// <paramref name="d"/> or <paramref name="x"/>. Arguments are checked before anything is written.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short for the stated dimensions, or the matrix overlaps an input.</exception>
    public static void Accumulate<T>(ReadOnlySpan<T> d, ReadOnlySpan<T> x, int rows, int columns, Span<T> weights)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.NonNegative(rows, nameof(rows));
        Guard.NonNegative(columns, nameof(columns));
        Guard.HasLength(d, rows, nameof(d));
        Guard.HasLength(x, columns, nameof(x));
        Guard.HasMatrix<T>(weights, rows, columns, nameof(weights));
        Guard.Disjoint(d[..rows], weights[..(rows * columns)], nameof(weights));
        Guard.Disjoint(x[..columns], weights[..(rows * columns)], nameof(weights));
        GerCore.Accumulate(
            ref MemoryMarshal.GetReference(d), ref MemoryMarshal.GetReference(x), rows, columns, ref MemoryMarshal.GetReference(weights));
    }
}
