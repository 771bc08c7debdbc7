using System.Globalization;
using System.Numerics;
using System.Text;

namespace VectorNN.Data;

/// <summary>
/// Reads a CSV text one record (line) at a time, splits it into fields (RFC 4180 quoting within a line) and parses
/// fields as numbers, raising <see cref="DataFormatException"/> at the current line and field.
/// </summary>
/// <remarks>A quoted field cannot span lines: records are lines, so line numbers in errors are the file's lines.</remarks>
internal sealed class CsvRecordReader
{
    // Long fields (binary junk, a whole unseparated line) are cut in messages so an error stays one readable line.
    private const int ShownLength = 40;

    private readonly TextReader reader;
    private readonly char separator;
    private readonly StringBuilder quoted = new();

    public CsvRecordReader(TextReader reader, string name, char separator)
    {
        if (separator is '"' or '\r' or '\n')
        {
            throw new ArgumentException($"Expected a separator other than a quote or a line break, got '{separator}'.", nameof(separator));
        }

        this.reader = reader;
        this.separator = separator;
        Name = name;
    }

    /// <summary>The file name used in errors.</summary>
    public string Name { get; }

    /// <summary>1-based line of the current record; after the end, the number of lines read.</summary>
    public int Line { get; private set; }

    /// <summary>The current record's fields, as written (quotes removed, whitespace kept).</summary>
    public List<string> Fields { get; } = [];

    /// <summary>Moves to the next non-blank line; false at the end of the text.</summary>
    public bool Read()
    {
        while (reader.ReadLine() is { } line)
        {
            Line++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                Split(line);
                return true;
            }
        }

        return false;
    }

    /// <summary>An error at the current line and a 1-based column (0 = the whole line).</summary>
    public DataFormatException Error(int column, string message) => new(Name, Line, column, message);

    /// <summary>The error for a text without data rows, placed on the line after the last one read.</summary>
    public DataFormatException NoData() => new(Name, Line + 1, 0, "expected at least one data row, got none");

    /// <summary>Field <paramref name="index"/> (0-based) as a finite number, surrounding whitespace ignored.</summary>
    public T Number<T>(int index)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ReadOnlySpan<char> text = Fields[index].AsSpan().Trim();
        if (!T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out T value))
        {
            throw Error(index + 1, $"expected a number, got {Show(Fields[index])}");
        }

        // Parsing accepts NaN and infinity, and rounds out-of-range values to infinity: neither can be trained on.
        if (!T.IsFinite(value))
        {
            throw Error(index + 1, $"expected a finite number, got {Show(Fields[index])}");
        }

        return value;
    }

    /// <summary>True when field <paramref name="index"/> reads as a number (finite or not): header detection.</summary>
    public bool IsNumber(int index) =>
        double.TryParse(Fields[index].AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>A field quoted for a message, long ones cut.</summary>
    public static string Show(string field) =>
        field.Length <= ShownLength ? $"'{field}'" : $"'{field[..ShownLength]}...' ({field.Length} characters)";

    private void Split(string line)
    {
        Fields.Clear();
        int i = 0;
        while (true)
        {
            int start = SkipBlanks(line, i);
            if (start < line.Length && line[start] == '"')
            {
                i = ReadQuoted(line, start + 1);
            }
            else
            {
                int end = line.IndexOf(separator, i);
                end = end < 0 ? line.Length : end;
                Fields.Add(line[i..end]);
                i = end;
            }

            if (i >= line.Length)
            {
                return;
            }

            // i is at a separator; a separator at the very end leaves one empty last field.
            i++;
        }
    }

    // Reads a quoted field whose opening quote is before position i; returns the position after it (a separator or the end).
    private int ReadQuoted(string line, int i)
    {
        quoted.Clear();
        while (true)
        {
            if (i >= line.Length)
            {
                throw Error(Fields.Count + 1, "expected a closing quote, got the end of the line");
            }

            char c = line[i++];
            if (c != '"')
            {
                quoted.Append(c);
            }
            else if (i < line.Length && line[i] == '"')
            {
                quoted.Append('"');
                i++;
            }
            else
            {
                break;
            }
        }

        i = SkipBlanks(line, i);
        if (i < line.Length && line[i] != separator)
        {
            throw Error(Fields.Count + 1, $"expected '{separator}' or the end of the line after a closing quote, got '{line[i]}'");
        }

        Fields.Add(quoted.ToString());
        return i;
    }

    private int SkipBlanks(string line, int i)
    {
        while (i < line.Length && line[i] != separator && char.IsWhiteSpace(line[i]))
        {
            i++;
        }

        return i;
    }
}
