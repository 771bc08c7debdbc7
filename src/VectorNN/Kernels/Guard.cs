using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace VectorNN.Kernels;

/// <summary>
/// Argument checks for the public edge of the kernels. Every check runs before a kernel writes anything, so a
/// rejected call leaves its destination untouched. Messages state what was expected and what was given.
/// </summary>
/// <remarks>
/// The checks inline into the kernels and the messages are built in separate throw methods: with the string
/// formatting inline, each check was a call of its own and cost a small kernel several times its arithmetic
/// (bench/RESULTS.md, "Kernel design measurements").
/// </remarks>
internal static class Guard
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NonNegative(int value, string paramName)
    {
        if (value < 0)
        {
            ThrowNegativeDimension(value, paramName);
        }
    }

    /// <summary>Requires a scalar parameter such as a slope to be &gt;= 0; NaN is rejected too.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NonNegative<T>(T value, string paramName)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        if (!(value >= T.Zero))
        {
            ThrowNegativeValue(value, paramName);
        }
    }

    /// <summary>
    /// Requires a transposition to be one of its two named values, so a cast integer is not silently read as one. A
    /// plain comparison rather than <see cref="Enum.IsDefined{TEnum}(TEnum)"/>, which can allocate when other threads
    /// use reflection on the same enum type.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Defined(MatrixTranspose value, string paramName)
    {
        if (value is not (MatrixTranspose.None or MatrixTranspose.Transposed))
        {
            ThrowUndefined(value, paramName);
        }
    }

    /// <summary>Requires <paramref name="span"/> to hold at least <paramref name="rows"/> x <paramref name="columns"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void HasMatrix<T>(ReadOnlySpan<T> span, int rows, int columns, string paramName)
    {
        if (span.Length < (long)rows * columns)
        {
            ThrowTooShortForMatrix(span.Length, rows, columns, paramName);
        }
    }

    /// <summary>Requires <paramref name="span"/> to hold at least <paramref name="length"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void HasLength<T>(ReadOnlySpan<T> span, int length, string paramName)
    {
        if (span.Length < length)
        {
            ThrowTooShort(span.Length, length, paramName);
        }
    }

    /// <summary>Requires two inputs of an element-wise operation to have the same length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SameLength<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, string paramName)
    {
        if (x.Length != y.Length)
        {
            ThrowLengthsDiffer(x.Length, y.Length, paramName);
        }
    }

    /// <summary>
    /// Allows an output to be exactly the input (in place) or disjoint from it; any other overlap would read elements
    /// the kernel has already written, so it is rejected.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InPlaceOrDisjoint<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> output, string paramName)
    {
        if (input.Overlaps(output, out int offset) && offset != 0)
        {
            ThrowPartialOverlap(offset, paramName);
        }
    }

    /// <summary>Requires an output not to overlap an input at all (kernels that read an input after writing the output).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Disjoint<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> output, string paramName)
    {
        if (input.Length > 0 && output.Length > 0 && input.Overlaps(output))
        {
            ThrowOverlap(paramName);
        }
    }

    [DoesNotReturn]
    private static void ThrowNegativeDimension(int value, string paramName) =>
        throw new ArgumentOutOfRangeException(paramName, value, $"Expected a dimension >= 0, got {value}.");

    [DoesNotReturn]
    private static void ThrowNegativeValue<T>(T value, string paramName) =>
        throw new ArgumentOutOfRangeException(paramName, value, $"Expected a value >= 0, got {value}.");

    [DoesNotReturn]
    private static void ThrowUndefined(MatrixTranspose value, string paramName) =>
        throw new ArgumentOutOfRangeException(paramName, value, $"Expected MatrixTranspose.None or Transposed, got {value}.");

    [DoesNotReturn]
    private static void ThrowTooShortForMatrix(int length, int rows, int columns, string paramName) =>
        throw new ArgumentException(
            $"Span too short for a {rows} x {columns} matrix: expected at least {(long)rows * columns} elements, got {length}.",
            paramName);

    [DoesNotReturn]
    private static void ThrowTooShort(int length, int required, string paramName) =>
        throw new ArgumentException($"Span too short: expected at least {required} elements, got {length}.", paramName);

    [DoesNotReturn]
    private static void ThrowLengthsDiffer(int first, int second, string paramName) =>
        throw new ArgumentException(
            $"Lengths differ: expected {first} elements (the length of the first input), got {second}.", paramName);

    [DoesNotReturn]
    private static void ThrowPartialOverlap(int offset, string paramName) =>
        throw new ArgumentException(
            $"The output partially overlaps an input (element offset {offset}); it must be the same span as the input or not overlap it.",
            paramName);

    [DoesNotReturn]
    private static void ThrowOverlap(string paramName) =>
        throw new ArgumentException("The output overlaps an input; this kernel needs them disjoint.", paramName);
}
