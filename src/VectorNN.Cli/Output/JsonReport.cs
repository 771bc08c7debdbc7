using System.Text;
using System.Text.Json;

namespace VectorNN.Cli.Output;

/// <summary>
/// The one JSON object a command prints with <c>--json</c>: keys in snake_case, numbers in round-trip form, written to
/// stdout as a single line and nothing else.
/// </summary>
internal sealed class JsonReport : IDisposable
{
    private readonly MemoryStream buffer = new();
    private readonly Utf8JsonWriter writer;

    public JsonReport()
    {
        writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
    }

    /// <summary>The writer, positioned inside the top-level object.</summary>
    public Utf8JsonWriter Writer => writer;

    public JsonReport Number(string key, double value)
    {
        writer.WriteNumber(key, value);
        return this;
    }

    public JsonReport String(string key, string value)
    {
        writer.WriteString(key, value);
        return this;
    }

    public JsonReport Numbers(string key, IEnumerable<double> values)
    {
        writer.WriteStartArray(key);
        foreach (double v in values)
        {
            writer.WriteNumberValue(v);
        }

        writer.WriteEndArray();
        return this;
    }

    public JsonReport Integers(string key, IEnumerable<int> values)
    {
        writer.WriteStartArray(key);
        foreach (int v in values)
        {
            writer.WriteNumberValue(v);
        }

        writer.WriteEndArray();
        return this;
    }

    public JsonReport Matrix(string key, int[][] rows)
    {
        writer.WriteStartArray(key);
        foreach (int[] row in rows)
        {
            writer.WriteStartArray();
            foreach (int v in row)
            {
                writer.WriteNumberValue(v);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        return this;
    }

    /// <summary>Writes <paramref name="value"/>, or null when there is none.</summary>
    public static void Optional(Utf8JsonWriter writer, string key, double? value)
    {
        if (value is double v)
        {
            writer.WriteNumber(key, v);
        }
        else
        {
            writer.WriteNull(key);
        }
    }

    /// <summary>Writes <paramref name="value"/>, or null when there is none.</summary>
    public static void Optional(Utf8JsonWriter writer, string key, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(key);
        }
        else
        {
            writer.WriteString(key, value);
        }
    }

    /// <summary>Writes an array of strings.</summary>
    public static void Strings(Utf8JsonWriter writer, string key, IEnumerable<string> values)
    {
        writer.WriteStartArray(key);
        foreach (string v in values)
        {
            writer.WriteStringValue(v);
        }

        writer.WriteEndArray();
    }

    /// <summary>Closes the object and writes it to stdout.</summary>
    public void Print()
    {
        writer.WriteEndObject();
        writer.Flush();
        Console.Out.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public void Dispose()
    {
        writer.Dispose();
        buffer.Dispose();
    }
}
