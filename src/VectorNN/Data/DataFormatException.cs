namespace VectorNN.Data;

/// <summary>
/// Bad data in a file: which file, where in it, and what was expected against what was found, so a user can open the
/// file at the right place.
/// </summary>
/// <remarks>
/// The message reads <c>path:line:column: message</c>; a position that does not apply (0) is left out, and without a
/// line the column is left out too. Binary files have no lines: their byte offset is part of the message.
/// </remarks>
public sealed class DataFormatException : FormatException
{
    /// <summary>Creates the exception for <paramref name="path"/> at a 1-based line and column (0 where not applicable).</summary>
    /// <param name="path">The file, or the name given for a reader.</param>
    /// <param name="line">1-based line, 0 when not applicable.</param>
    /// <param name="column">1-based column (field), 0 when not applicable.</param>
    /// <param name="message">What was expected and what was found.</param>
    public DataFormatException(string path, int line, int column, string message)
        : this(path, line, column, message, null)
    {
    }

    /// <summary>Creates the exception with the lower-level error that revealed the bad data (e.g. a broken gzip stream).</summary>
    /// <param name="path">The file, or the name given for a reader.</param>
    /// <param name="line">1-based line, 0 when not applicable.</param>
    /// <param name="column">1-based column (field), 0 when not applicable.</param>
    /// <param name="message">What was expected and what was found.</param>
    /// <param name="innerException">The error that revealed the problem, if any.</param>
    public DataFormatException(string path, int line, int column, string message, Exception? innerException)
        : base(Format(path, line, column, message), innerException)
    {
        Path = path;
        Line = line;
        Column = column;
    }

    /// <summary>The file, or the name given for a reader.</summary>
    public string Path { get; }

    /// <summary>1-based line, 0 when not applicable.</summary>
    public int Line { get; }

    /// <summary>1-based column (field), 0 when not applicable.</summary>
    public int Column { get; }

    private static string Format(string path, int line, int column, string message) =>
        line <= 0 ? $"{path}: {message}"
        : column <= 0 ? $"{path}:{line}: {message}"
        : $"{path}:{line}:{column}: {message}";
}
