using System.Numerics;
using System.Runtime.InteropServices;
using VectorNN.Kernels.Cores;
using VectorNN.Kernels.Threading;
using VectorNN.Memory;

namespace VectorNN.Kernels;

/// <summary>
/// Reductions of vectors and of the rows of row-major matrices: dot product, sum, maximum and the index of the
/// maximum. The element type <c>T</c> is <see cref="float"/> or <see cref="double"/>.
/// </summary>
/// <remarks>
/// Sums are formed in a fixed order for a given vector width, so the same input gives the same bits on every call.
/// A sum of n products is within gamma_n = n u / (1 - n u) times the sum of the products' magnitudes of the exact
/// result (u = 2^-24 for float, 2^-53 for double). Maxima follow IEEE 754:2019 <c>maximum</c>: NaN wins, +0 > -0.
/// </remarks>
public static class Reduce
{
    /// <summary>Returns the sum of x[i] * y[i].</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.SameLength(x, y, nameof(y));
        return ReductionCore.Sum<T, DotTerm>(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), x.Length);
    }

    /// <summary>Returns the sum of the elements (zero for an empty span).</summary>
    public static T Sum<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ref T xr = ref MemoryMarshal.GetReference(x);
        return ReductionCore.Sum<T, ValueTerm>(ref xr, ref xr, x.Length);
    }

    /// <summary>Returns whether every element is finite (neither NaN nor infinite); true for an empty span.</summary>
    /// <remarks>
    /// One pass at the full vector width, split between threads for long spans (<see cref="Parallelism"/>): the check
    /// behind training's guard against divergence.
    /// </remarks>
    public static bool AllFinite<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        return FiniteCheckParallel<T>.AllFinite(ref MemoryMarshal.GetReference(x), x.Length);
    }

    /// <summary>
    /// Whether every gradient of <paramref name="gradients"/> is finite: as <see cref="AllFinite{T}(ReadOnlySpan{T})"/>,
    /// split between threads by the rows each owns in a training step (<see cref="RowOwnership"/>).
    /// </summary>
    internal static bool AllFinite<T>(GradientBuffer<T> gradients)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        FiniteCheckParallel<T>.AllFinite(gradients);

    /// <summary>Returns the largest element; NaN if any element is NaN.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty.</exception>
    public static T Max<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (x.IsEmpty)
        {
            throw new ArgumentException("Expected at least one element, got an empty span.", nameof(x));
        }

        return ReductionCore.Max(ref MemoryMarshal.GetReference(x), x.Length);
    }

    /// <summary>
    /// Returns the index of the first largest element, or of the first NaN if there is one; -1 for an empty span.
    /// +0 counts as larger than -0.
    /// </summary>
    public static int ArgMax<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (x.IsEmpty)
        {
            return -1;
        }

        T max = ReductionCore.Max(ref MemoryMarshal.GetReference(x), x.Length);
        bool nan = T.IsNaN(max);
        bool negative = T.IsNegative(max);
        for (int i = 0; i < x.Length; i++)
        {
            T v = x[i];
            if (nan ? T.IsNaN(v) : v == max && T.IsNegative(v) == negative)
            {
                return i;
            }
        }

        throw new InvalidOperationException("Unreachable: the maximum is one of the elements.");
    }

    /// <summary>destination[r] = the sum of row r of the row-major <paramref name="rows"/> x <paramref name="columns"/> matrix.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short for the stated dimensions.</exception>
    public static void SumRows<T>(ReadOnlySpan<T> matrix, int rows, int columns, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckRows(matrix, rows, columns, destination.Length);
        for (int r = 0; r < rows; r++)
        {
            destination[r] = Sum(matrix.Slice(r * columns, columns));
        }
    }

    /// <summary>destination[r] = the largest element of row r (NaN if the row holds a NaN).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, or <paramref name="columns"/> is 0 while <paramref name="rows"/> is not.</exception>
    /// <exception cref="ArgumentException">A span is too short for the stated dimensions.</exception>
    public static void MaxRows<T>(ReadOnlySpan<T> matrix, int rows, int columns, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckRows(matrix, rows, columns, destination.Length);
        if (rows > 0 && columns == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), columns, "A row maximum needs at least one column.");
        }

        for (int r = 0; r < rows; r++)
        {
            destination[r] = Max(matrix.Slice(r * columns, columns));
        }
    }

    /// <summary>destination[r] = <see cref="ArgMax{T}"/> of row r: the predicted class of each sample in a batch.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short for the stated dimensions.</exception>
    public static void ArgMaxRows<T>(ReadOnlySpan<T> matrix, int rows, int columns, Span<int> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckRows(matrix, rows, columns, destination.Length);
        for (int r = 0; r < rows; r++)
        {
            destination[r] = ArgMax(matrix.Slice(r * columns, columns));
        }
    }

    /// <summary>
    /// destination[c] += the sum of column c: the bias gradient of a batch (db += the column sums of dY).
    /// </summary>
    /// <remarks><paramref name="destination"/> must not overlap <paramref name="matrix"/>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short, or the destination overlaps the matrix.</exception>
    public static void AccumulateColumnSums<T>(ReadOnlySpan<T> matrix, int rows, int columns, Span<T> destination)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Guard.NonNegative(rows, nameof(rows));
        Guard.NonNegative(columns, nameof(columns));
        Guard.HasMatrix(matrix, rows, columns, nameof(matrix));
        Guard.HasLength<T>(destination, columns, nameof(destination));
        Guard.Disjoint(matrix[..(rows * columns)], destination[..columns], nameof(destination));

        // A stride-0 weight of one turns W^T d into column sums; one times a value is exact, so this is a plain sum.
        T one = T.One;
        GemvCore.MultiplyTransposed(
            ref MemoryMarshal.GetReference(matrix), ref one, 0, rows, columns, ref MemoryMarshal.GetReference(destination), accumulate: true);
    }

    private static void CheckRows<T>(ReadOnlySpan<T> matrix, int rows, int columns, int destinationLength)
    {
        Guard.NonNegative(rows, nameof(rows));
        Guard.NonNegative(columns, nameof(columns));
        Guard.HasMatrix(matrix, rows, columns, nameof(matrix));
        if (destinationLength < rows)
        {
            throw new ArgumentException(
                $"Span too short: expected at least {rows} elements (one per row), got {destinationLength}.", "destination");
        }
    }
}
