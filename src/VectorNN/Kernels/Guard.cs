namespace VectorNN.Kernels;

/// <summary>
/// Argument checks for the public edge of the kernels. Every check runs before a kernel writes anything, so a
/// rejected call leaves its destination untouched. Messages state what was expected and what was given.
/// </summary>
internal static class Guard
{
    public static void NonNegative(int value, string paramName)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"Expected a dimension >= 0, got {value}.");
        }
    }

    /// <summary>Requires a scalar parameter such as a slope to be &gt;= 0; NaN is rejected too.</summary>
    public static void NonNegative<T>(T value, string paramName)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        if (!(value >= T.Zero))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"Expected a value >= 0, got {value}.");
        }
    }

    /// <summary>
    /// Requires a transposition to be one of its two named values, so a cast integer is not silently read as one. A
    /// plain comparison rather than <see cref="Enum.IsDefined{TEnum}(TEnum)"/>, which can allocate when other threads
    /// use reflection on the same enum type.
    /// </summary>
    public static void Defined(MatrixTranspose value, string paramName)
    {
        if (value is not (MatrixTranspose.None or MatrixTranspose.Transposed))
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"Expected MatrixTranspose.None or Transposed, got {value}.");
        }
    }

    /// <summary>Requires <paramref name="span"/> to hold at least <paramref name="rows"/> x <paramref name="columns"/> elements.</summary>
    public static void HasMatrix<T>(ReadOnlySpan<T> span, int rows, int columns, string paramName)
    {
        long required = (long)rows * columns;
        if (span.Length < required)
        {
            throw new ArgumentException(
                $"Span too short for a {rows} x {columns} matrix: expected at least {required} elements, got {span.Length}.",
                paramName);
        }
    }

    /// <summary>Requires <paramref name="span"/> to hold at least <paramref name="length"/> elements.</summary>
    public static void HasLength<T>(ReadOnlySpan<T> span, int length, string paramName)
    {
        if (span.Length < length)
        {
            throw new ArgumentException(
                $"Span too short: expected at least {length} elements, got {span.Length}.", paramName);
        }
    }

    /// <summary>Requires two inputs of an element-wise operation to have the same length.</summary>
    public static void SameLength<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, string paramName)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException(
                $"Lengths differ: expected {x.Length} elements (the length of the first input), got {y.Length}.",
                paramName);
        }
    }

    /// <summary>
    /// Allows an output to be exactly the input (in place) or disjoint from it; any other overlap would read elements
    /// the kernel has already written, so it is rejected.
    /// </summary>
    public static void InPlaceOrDisjoint<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> output, string paramName)
    {
        if (input.Overlaps(output, out int offset) && offset != 0)
        {
            throw new ArgumentException(
                $"The output partially overlaps an input (element offset {offset}); it must be the same span as " +
                "the input or not overlap it.",
                paramName);
        }
    }

    /// <summary>Requires an output not to overlap an input at all (kernels that read an input after writing the output).</summary>
    public static void Disjoint<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> output, string paramName)
    {
        if (input.Length > 0 && output.Length > 0 && input.Overlaps(output))
        {
            throw new ArgumentException("The output overlaps an input; this kernel needs them disjoint.", paramName);
        }
    }
}
