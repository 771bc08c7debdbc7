using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace VectorNN.Data;

/// <summary>
/// Reads a CSV text one record (line) at a time, splits it into fields (RFC 4180 quoting within a line) and parses
/// fields as numbers, raising <see cref="DataFormatException"/> at the current line and field.
/// </summary>
/// <remarks>
/// A quoted field cannot span lines: records are lines, so line numbers in errors are the file's lines. Lines are read
/// within <see cref="LoadLimits"/>, so a text without line breaks fails at the line limit instead of filling memory, and
/// a control character other than whitespace (a zero byte, as binary files have) is an error saying the file looks binary.
/// </remarks>
internal sealed class CsvRecordReader
{
    // Long fields (binary junk, a whole unseparated line) are cut in messages so an error stays one readable line.
    private const int ShownLength = 40;

    private const int BufferLength = 1 << 16;

    // Line breaks end a line; the other control characters, except tab, vertical tab and form feed, do not occur in text.
    private static readonly SearchValues<char> LineEndOrBinary = SearchValues.Create(
        "\n\r\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");

    private readonly TextReader reader;
    private readonly char separator;
    private readonly LoadLimits limits;
    private readonly StringBuilder quoted = new();
    private readonly StringBuilder text = new();
    private readonly char[] buffer = new char[BufferLength];
    private int next;
    private int end;
    private long total;
    private bool afterCarriageReturn;

    public CsvRecordReader(TextReader reader, string name, char separator, LoadLimits? limits)
    {
        if (separator is '"' or '\r' or '\n')
        {
            throw new ArgumentException($"Expected a separator other than a quote or a line break, got '{separator}'.", nameof(separator));
        }

        this.reader = reader;
        this.separator = separator;
        this.limits = limits ?? LoadLimits.Default;
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
        while (ReadLine() is { } line)
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

    // The next line without its break (\n, \r or \r\n, as TextReader.ReadLine), or null at the end of the text.
    private string? ReadLine()
    {
        text.Clear();
        if (afterCarriageReturn)
        {
            afterCarriageReturn = false;
            if ((next < end || Fill()) && buffer[next] == '\n')
            {
                next++;
            }
        }

        bool any = false;
        while (next < end || Fill())
        {
            any = true;
            ReadOnlySpan<char> rest = buffer.AsSpan(next, end - next);
            int stop = rest.IndexOfAny(LineEndOrBinary);
            int take = stop < 0 ? rest.Length : stop;
            if (text.Length + take > limits.MaxLineLength)
            {
                throw limits.LineTooLong(Name, Line + 1);
            }

            text.Append(rest[..take]);
            next += take;
            if (stop >= 0)
            {
                char c = buffer[next++];
                if (c == separator)
                {
                    // A control character chosen as the separator is data here.
                    text.Append(c);
                    continue;
                }

                if (c is not ('\n' or '\r'))
                {
                    throw new DataFormatException(
                        Name, Line + 1, 0, $"expected text, got the control character U+{(int)c:X4} at character {text.Length + 1} of the line: the file looks binary (IDX, gzip or another binary format), not CSV");
                }

                afterCarriageReturn = c == '\r';
                return text.ToString();
            }
        }

        return any ? text.ToString() : null;
    }

    private bool Fill()
    {
        next = 0;
        end = reader.Read(buffer, 0, buffer.Length);
        total += end;
        if (total > limits.MaxBytes)
        {
            throw limits.TooLarge(Name, $"got more by line {Line + 1}");
        }

        return end > 0;
    }

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
