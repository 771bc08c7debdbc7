using System.Globalization;

namespace VectorNN.Data;

/// <summary>
/// Maps label text to class indices: either against a known class list, or by discovering the classes, numbering them
/// in first-seen order while reading and renumbering them in sorted order at the end.
/// </summary>
internal sealed class CsvClasses
{
    private readonly Dictionary<string, int> indices = new(StringComparer.Ordinal);
    private readonly List<string> names = [];
    private readonly bool known;

    public CsvClasses(IReadOnlyList<string>? classes)
    {
        if (classes is null)
        {
            return;
        }

        if (classes.Count == 0)
        {
            throw new ArgumentException("Expected at least one known class, got none.", nameof(classes));
        }

        known = true;
        foreach (string name in classes)
        {
            ArgumentNullException.ThrowIfNull(name, nameof(classes));
            if (!indices.TryAdd(name.Trim(), names.Count))
            {
                throw new ArgumentException($"Expected distinct class names, got '{name}' twice.", nameof(classes));
            }

            names.Add(name.Trim());
        }
    }

    /// <summary>The index of the label in field <paramref name="index"/> of the current record.</summary>
    public int IndexOf(CsvRecordReader csv, int index)
    {
        // Labels are names: surrounding whitespace is not part of them, as it is not part of numbers.
        ReadOnlySpan<char> text = csv.Field(index).Trim();
        if (indices.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out int id))
        {
            return id;
        }

        string label = text.ToString();
        if (known || label.Length == 0)
        {
            string expected = known ? $"one of the classes {string.Join(", ", names)}" : "a class label";
            throw csv.Error(index + 1, $"expected {expected}, got {CsvRecordReader.Show(label)}");
        }

        indices.Add(label, names.Count);
        names.Add(label);
        return names.Count - 1;
    }

    /// <summary>
    /// The class list, and the labels renumbered to it in place: discovered classes sorted numerically when all are
    /// integers, otherwise in ordinal order.
    /// </summary>
    public string[] Finish(Span<int> labels)
    {
        if (known)
        {
            return [.. names];
        }

        string[] sorted = [.. names];
        if (sorted.All(IsInteger))
        {
            // Ties such as "1" and "01" are distinct classes: the ordinal order keeps the result deterministic.
            Array.Sort(sorted, (a, b) =>
            {
                int byValue = ParseInteger(a).CompareTo(ParseInteger(b));
                return byValue != 0 ? byValue : string.CompareOrdinal(a, b);
            });
        }
        else
        {
            Array.Sort(sorted, StringComparer.Ordinal);
        }

        var renumber = new int[sorted.Length];
        for (int i = 0; i < sorted.Length; i++)
        {
            renumber[indices[sorted[i]]] = i;
        }

        foreach (ref int label in labels)
        {
            label = renumber[label];
        }

        return sorted;
    }

    private static bool IsInteger(string s) => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);

    private static long ParseInteger(string s) => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
