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
    private readonly char[] buffer = new char[BufferLength];
    private readonly List<FieldRange> fields = [];

    // The current line, without its break: fields are ranges of it rather than strings of their own.
    private char[] line = new char[BufferLength];
    private int lineLength;
    private string quotedText = string.Empty;
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

    /// <summary>The number of fields of the current record.</summary>
    public int FieldCount => fields.Count;

    /// <summary>The current record's fields as strings, as written (quotes removed, whitespace kept): for headers and messages.</summary>
    public IEnumerable<string> Fields => Enumerable.Range(0, fields.Count).Select(FieldText);

    /// <summary>Field <paramref name="index"/> (0-based) as written, without a copy: valid until the next <see cref="Read"/>.</summary>
    public ReadOnlySpan<char> Field(int index) => Text(fields[index]);

    /// <summary>Field <paramref name="index"/> (0-based) as written, as a string.</summary>
    public string FieldText(int index) => Field(index).ToString();

    /// <summary>Moves to the next non-blank line; false at the end of the text.</summary>
    public bool Read()
    {
        while (ReadLine())
        {
            Line++;
            if (!line.AsSpan(0, lineLength).IsWhiteSpace())
            {
                Split();
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
        ReadOnlySpan<char> text = Field(index).Trim();
        if (!DecimalParser.TryParse(text, out T value) && !T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            throw Error(index + 1, $"expected a number, got {Show(FieldText(index))}");
        }

        // Parsing accepts NaN and infinity, and rounds out-of-range values to infinity: neither can be trained on.
        if (!T.IsFinite(value))
        {
            throw Error(index + 1, $"expected a finite number, got {Show(FieldText(index))}");
        }

        return value;
    }

    /// <summary>True when field <paramref name="index"/> reads as a number (finite or not): header detection.</summary>
    public bool IsNumber(int index) =>
        double.TryParse(Field(index).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>A field quoted for a message, long ones cut.</summary>
    public static string Show(string field) =>
        field.Length <= ShownLength ? $"'{field}'" : $"'{field[..ShownLength]}...' ({field.Length} characters)";

    // Reads the next line without its break (\n, \r or \r\n, as TextReader.ReadLine) into the line buffer; false at the
    // end of the text.
    private bool ReadLine()
    {
        lineLength = 0;
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
            if (lineLength + take > limits.MaxLineLength)
            {
                throw limits.LineTooLong(Name, Line + 1);
            }

            Append(rest[..take]);
            next += take;
            if (stop >= 0)
            {
                char c = buffer[next++];
                if (c == separator)
                {
                    // A control character chosen as the separator is data here.
                    Append([c]);
                    continue;
                }

                if (c is not ('\n' or '\r'))
                {
                    throw new DataFormatException(
                        Name, Line + 1, 0, $"expected text, got the control character U+{(int)c:X4} at character {lineLength + 1} of the line: the file looks binary (IDX, gzip or another binary format), not CSV");
                }

                afterCarriageReturn = c == '\r';
                return true;
            }
        }

        return any;
    }

    private void Append(ReadOnlySpan<char> text)
    {
        if (lineLength + text.Length > line.Length)
        {
            Array.Resize(ref line, Math.Max(lineLength + text.Length, 2 * line.Length));
        }

        text.CopyTo(line.AsSpan(lineLength));
        lineLength += text.Length;
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

    private ReadOnlySpan<char> Text(FieldRange field) =>
        field.Quoted ? quotedText.AsSpan(field.Start, field.Length) : line.AsSpan(field.Start, field.Length);

    private void Split()
    {
        fields.Clear();
        quoted.Clear();
        ReadOnlySpan<char> text = line.AsSpan(0, lineLength);
        int i = 0;
        while (true)
        {
            int start = SkipBlanks(text, i);
            if (start < text.Length && text[start] == '"')
            {
                i = ReadQuoted(text, start + 1);
            }
            else
            {
                int stop = text[i..].IndexOf(separator);
                stop = stop < 0 ? text.Length : i + stop;
                fields.Add(new FieldRange(i, stop - i, Quoted: false));
                i = stop;
            }

            if (i >= text.Length)
            {
                quotedText = quoted.Length == 0 ? quotedText : quoted.ToString();
                return;
            }

            // i is at a separator; a separator at the very end leaves one empty last field.
            i++;
        }
    }

    // Reads a quoted field whose opening quote is before position i; returns the position after it (a separator or the end).
    private int ReadQuoted(ReadOnlySpan<char> text, int i)
    {
        int first = quoted.Length;
        while (true)
        {
            if (i >= text.Length)
            {
                throw Error(fields.Count + 1, "expected a closing quote, got the end of the line");
            }

            char c = text[i++];
            if (c != '"')
            {
                quoted.Append(c);
            }
            else if (i < text.Length && text[i] == '"')
            {
                quoted.Append('"');
                i++;
            }
            else
            {
                break;
            }
        }

        i = SkipBlanks(text, i);
        if (i < text.Length && text[i] != separator)
        {
            throw Error(fields.Count + 1, $"expected '{separator}' or the end of the line after a closing quote, got '{text[i]}'");
        }

        fields.Add(new FieldRange(first, quoted.Length - first, Quoted: true));
        return i;
    }

    private int SkipBlanks(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && text[i] != separator && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>Where a field's text is: in the line, or unescaped in the quoted fields' text.</summary>
    private readonly record struct FieldRange(int Start, int Length, bool Quoted);
}
