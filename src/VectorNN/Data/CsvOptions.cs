namespace VectorNN.Data;

/// <summary>How <see cref="CsvLoader"/> reads a file: which columns are targets, the known classes, the separator, the size limits.</summary>
public sealed record CsvOptions
{
    /// <summary>
    /// The class column, by header name or 0-based index as text; null = the last column. Ignored when
    /// <see cref="TargetColumns"/> is set.
    /// </summary>
    public string? Label { get; init; }

    /// <summary>Regression: these columns (names or 0-based indices) are the targets, taken as numbers; no one-hot.</summary>
    public IReadOnlyList<string>? TargetColumns { get; init; }

    /// <summary>
    /// The known classes, in order (e.g. from the training set or a model): labels map to these indices and an unknown
    /// label is an error naming file, line and column. null = classes are discovered.
    /// </summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>The field separator; not a quote or a line break.</summary>
    public char Separator { get; init; } = ',';

    /// <summary>How long a line and how large the whole text may be; null for <see cref="LoadLimits.Default"/>.</summary>
    public LoadLimits? Limits { get; init; }
}
