using System.Globalization;
using System.Numerics;
using System.Text;

namespace VectorNN.Data;

/// <summary>
/// Reads labelled CSV files into a <see cref="Dataset{T}"/>, and unlabelled ones into feature rows for prediction.
/// </summary>
/// <remarks>
/// <para>
/// Header detection: the first non-blank row is a header when any of its fields other than the label or target
/// columns is not a number. A column named (rather than indexed) in <see cref="CsvOptions"/> needs a header.
/// </para>
/// <para>
/// Fields: RFC 4180 quoting (<c>"a,b"</c>, <c>""</c> for a quote) within a line, surrounding whitespace ignored for
/// numbers and labels, numbers in the invariant culture and finite. Blank lines are skipped. The text is read line by
/// line into growing arrays, so a file need not fit in memory twice as text.
/// </para>
/// <para>
/// Limits (<see cref="CsvOptions.Limits"/>): a line longer than <see cref="LoadLimits.MaxLineLength"/> characters or a
/// text longer than <see cref="LoadLimits.MaxBytes"/> characters is an error naming the limit, so a file without line
/// breaks fails early. A control character such as a zero byte is an error saying the file looks binary.
/// </para>
/// <para>
/// Gzip: a file or stream that starts with the gzip magic bytes (1f 8b), such as <c>digits.csv.gz</c>, is decompressed
/// whole before it is parsed (at most <see cref="LoadLimits.MaxBytes"/> bytes), and a damaged or cut file is an error.
/// </para>
/// <para>Every problem with the data is a <see cref="DataFormatException"/> naming the file, line and column.</para>
/// </remarks>
public static class CsvLoader
{
    /// <summary>Loads a labelled CSV file.</summary>
    /// <inheritdoc cref="Load{T}(TextReader, string, CsvOptions?)" path="/typeparam"/>
    /// <inheritdoc cref="Load{T}(TextReader, string, CsvOptions?)" path="/returns"/>
    /// <param name="path">The file.</param>
    /// <param name="options">Label or target columns, known classes, separator; null for the defaults.</param>
    /// <exception cref="DataFormatException">The file's content is not a labelled data set (see the remarks on <see cref="CsvLoader"/>).</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static Dataset<T> Load<T>(string path, CsvOptions? options = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        using FileStream file = DataFile.OpenRead(path);
        return Load<T>(file, path, options);
    }

    /// <summary>Loads a labelled CSV file from a stream (UTF-8, or the encoding its byte-order mark names) that need not seek (a pipe).</summary>
    /// <inheritdoc cref="Load{T}(TextReader, string, CsvOptions?)" path="/typeparam"/>
    /// <inheritdoc cref="Load{T}(TextReader, string, CsvOptions?)" path="/returns"/>
    /// <param name="stream">The text's bytes, read from the current position; left open.</param>
    /// <param name="name">The name errors give for the text, usually its file.</param>
    /// <param name="options">Label or target columns, known classes, separator, limits; null for the defaults.</param>
    /// <exception cref="DataFormatException">The text is not a labelled data set (see the remarks on <see cref="CsvLoader"/>).</exception>
    public static Dataset<T> Load<T>(Stream stream, string name, CsvOptions? options = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        using StreamReader reader = OpenText(stream, name, options?.Limits);
        return Load<T>(reader, name, options);
    }

    /// <summary>Loads a labelled CSV text: features = every column except the label or target columns, in file order.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="reader">The text.</param>
    /// <param name="name">The name errors give for the text, usually its file.</param>
    /// <param name="options">Label or target columns, known classes, separator; null for the defaults.</param>
    /// <returns>
    /// Classification: one-hot targets, <see cref="Dataset{T}.ClassNames"/> the known classes or the discovered ones
    /// (distinct labels sorted numerically when all are integers, otherwise in ordinal order). Regression
    /// (<see cref="CsvOptions.TargetColumns"/>): the target columns' numbers, no class names, and
    /// <see cref="Dataset{T}.TargetNames"/> the target columns' header fields, or in a file without a header (and for a
    /// blank or repeated field) their 0-based indices as text, which name the same columns again as
    /// <see cref="CsvOptions.TargetColumns"/>.
    /// </returns>
    /// <exception cref="DataFormatException">The text is not a labelled data set (see the remarks on <see cref="CsvLoader"/>).</exception>
    /// <exception cref="ArgumentException">The options contradict themselves (an empty or duplicate class list, an empty target list, a quote as separator).</exception>
    public static Dataset<T> Load<T>(TextReader reader, string name, CsvOptions? options = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(name);
        options ??= new CsvOptions();
        bool regression = options.TargetColumns is not null;
        var classes = new CsvClasses(regression ? null : options.Classes);
        var csv = new CsvRecordReader(reader, name, options.Separator, options.Limits);
        if (!csv.Read())
        {
            throw csv.NoData();
        }

        int width = csv.FieldCount;
        int[] targetColumns = ResolveTargets(csv, options, out bool named);
        bool[] isTarget = Mark(width, targetColumns);
        bool header = named || IsHeader(csv, isTarget);
        string[] targetNames = TargetNames(csv, targetColumns, header);
        if (header && !csv.Read())
        {
            throw csv.NoData();
        }

        var inputs = new GrowingArray<T>();
        var targets = new GrowingArray<T>();
        var labels = new List<int>();
        do
        {
            RequireWidth(csv, width);
            AddFeatures(csv, isTarget, inputs);
            if (regression)
            {
                // Targets in the order the options list them, not file order: that order is the model's output order.
                foreach (int c in targetColumns)
                {
                    targets.Add(csv.Number<T>(c));
                }
            }
            else
            {
                labels.Add(classes.IndexOf(csv, targetColumns[0]));
            }
        }
        while (csv.Read());

        int featureCount = width - targetColumns.Length;
        if (regression)
        {
            return new Dataset<T>(inputs.ToArray(), targets.ToArray(), featureCount, targetColumns.Length) { TargetNames = targetNames };
        }

        int[] labelArray = [.. labels];
        string[] classNames = classes.Finish(labelArray);
        if ((long)labelArray.Length * classNames.Length > Array.MaxLength)
        {
            // Typically a numeric target read as class labels: every distinct value became a class.
            throw new DataFormatException(
                name, 0, 0,
                $"expected few enough classes for one-hot targets, got {classNames.Length} distinct labels in column {targetColumns[0]} of {labelArray.Length} rows (for regression, give the target columns)");
        }

        // Every feature went through CsvRecordReader.Number, which refuses NaN and infinity: no second pass checks them.
        return Dataset<T>.FromLabelsOfFiniteInputs(inputs.ToArray(), featureCount, labelArray, classNames.Length, classNames);
    }

    /// <summary>Loads feature rows for prediction from a file.</summary>
    /// <inheritdoc cref="LoadFeatures{T}(TextReader, string, int, CsvOptions?)" path="/typeparam"/>
    /// <inheritdoc cref="LoadFeatures{T}(TextReader, string, int, CsvOptions?)" path="/returns"/>
    /// <param name="path">The file.</param>
    /// <param name="featureCount">The number of features the model takes, at least 1.</param>
    /// <param name="options">Which columns to drop when the rows carry labels or targets; null for the defaults.</param>
    /// <exception cref="DataFormatException">The rows are not feature rows of that width.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static T[] LoadFeatures<T>(string path, int featureCount, CsvOptions? options = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(path);
        using FileStream file = DataFile.OpenRead(path);
        return LoadFeatures<T>(file, path, featureCount, options);
    }

    /// <summary>Loads feature rows for prediction from a stream (UTF-8, or the encoding its byte-order mark names) that need not seek (a pipe).</summary>
    /// <inheritdoc cref="LoadFeatures{T}(TextReader, string, int, CsvOptions?)" path="/typeparam"/>
    /// <inheritdoc cref="LoadFeatures{T}(TextReader, string, int, CsvOptions?)" path="/returns"/>
    /// <param name="stream">The text's bytes, read from the current position; left open.</param>
    /// <param name="name">The name errors give for the text, usually its file.</param>
    /// <param name="featureCount">The number of features the model takes, at least 1.</param>
    /// <param name="options">Which columns to drop when the rows carry labels or targets, limits; null for the defaults.</param>
    /// <exception cref="DataFormatException">The rows are not feature rows of that width.</exception>
    public static T[] LoadFeatures<T>(Stream stream, string name, int featureCount, CsvOptions? options = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        using StreamReader reader = OpenText(stream, name, options?.Limits);
        return LoadFeatures<T>(reader, name, featureCount, options);
    }

    /// <summary>
    /// Loads feature rows for prediction: rows of exactly <paramref name="featureCount"/> numbers, or rows that also
    /// carry the label column (<see cref="CsvOptions.Label"/> or the last) or the <see cref="CsvOptions.TargetColumns"/>,
    /// which are dropped unread. A header row is detected as by <see cref="Load{T}(TextReader, string, CsvOptions?)"/>.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="reader">The text.</param>
    /// <param name="name">The name errors give for the text, usually its file.</param>
    /// <param name="featureCount">The number of features the model takes, at least 1.</param>
    /// <param name="options">Which columns to drop when the rows carry labels or targets; null for the defaults.</param>
    /// <returns>Row-major [count x featureCount] features.</returns>
    /// <exception cref="DataFormatException">The rows are not feature rows of that width.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="featureCount"/> is below 1.</exception>
    public static T[] LoadFeatures<T>(TextReader reader, string name, int featureCount, CsvOptions? options = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        options ??= new CsvOptions();
        var csv = new CsvRecordReader(reader, name, options.Separator, options.Limits);
        if (!csv.Read())
        {
            throw csv.NoData();
        }

        int width = csv.FieldCount;
        int labelled = featureCount + (options.TargetColumns?.Count ?? 1);
        if (width != featureCount && width != labelled)
        {
            throw csv.Error(0, $"expected {featureCount} fields (features) or {labelled} (with the label or target columns), got {width}");
        }

        bool named = false;
        bool[] dropped = Mark(width, width == featureCount ? [] : ResolveTargets(csv, options, out named));
        if ((named || IsHeader(csv, dropped)) && !csv.Read())
        {
            throw csv.NoData();
        }

        var features = new GrowingArray<T>();
        do
        {
            RequireWidth(csv, width);
            AddFeatures(csv, dropped, features);
        }
        while (csv.Read());

        return features.ToArray();
    }

    // The text of a stream, left open: gzip (magic 1f 8b) is decompressed whole first, within the limits, so that a cut
    // or damaged file is an error before any row is read rather than a quietly shorter data set.
    private static StreamReader OpenText(Stream stream, string name, LoadLimits? limits)
    {
        var start = new PeekStream(stream, 2, leaveOpen: true, GzipContent.TrailerLength);
        if (!IdxFile.IsGzip(start.Start))
        {
            return new StreamReader(start, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, DataFile.ReadBlock);
        }

        using (start)
        {
            return new StreamReader(new MemoryStream(GzipContent.ReadAll(start, name, limits ?? LoadLimits.Default), writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true, DataFile.ReadBlock);
        }
    }

    // The 0-based target columns named by the options, checked against the first row; `named` when a column was found
    // by name, which makes the first row a header even if its other fields are all numbers.
    private static int[] ResolveTargets(CsvRecordReader csv, CsvOptions options, out bool named)
    {
        named = false;
        IReadOnlyList<string?> specs = (IReadOnlyList<string?>?)options.TargetColumns ?? [options.Label];
        if (specs.Count == 0)
        {
            throw new ArgumentException("Expected at least one target column, got none.", nameof(options));
        }

        int width = csv.FieldCount;
        var columns = new int[specs.Count];
        for (int k = 0; k < specs.Count; k++)
        {
            columns[k] = ResolveColumn(csv, specs[k], ref named);
            if (Array.IndexOf(columns, columns[k], 0, k) >= 0)
            {
                throw csv.Error(columns[k] + 1, $"expected distinct target columns, got column {columns[k]} ('{specs[k]}') twice");
            }
        }

        if (columns.Length >= width)
        {
            throw csv.Error(0, $"expected at least one feature column besides the {columns.Length} label or target columns, got {width} columns");
        }

        return columns;
    }

    // A target is named by its header field; a blank field, a field that names another target too, or a file without a
    // header gives the 0-based index instead, so every target has a distinct, non-blank name.
    private static string[] TargetNames(CsvRecordReader csv, int[] columns, bool header)
    {
        string[] fields = [.. columns.Select(c => csv.FieldText(c).Trim())];
        return [.. columns.Select((c, k) => header && fields[k].Length > 0 && Array.IndexOf(fields, fields[k]) == Array.LastIndexOf(fields, fields[k])
            ? fields[k]
            : c.ToString(CultureInfo.InvariantCulture))];
    }

    private static int ResolveColumn(CsvRecordReader csv, string? spec, ref bool named)
    {
        int width = csv.FieldCount;
        if (spec is null)
        {
            return width - 1;
        }

        string trimmed = spec.Trim();
        if (int.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out int index))
        {
            if ((uint)index >= (uint)width)
            {
                throw csv.Error(0, $"expected a column index in [0, {width - 1}], got {index}");
            }

            return index;
        }

        // A name is looked up in the first row; when that row is all numbers it is data, so no name can match there.
        int found = Enumerable.Range(0, width).FirstOrDefault(c => csv.Field(c).Trim().SequenceEqual(trimmed), -1);
        if (found < 0 || Enumerable.Range(0, width).All(csv.IsNumber))
        {
            throw csv.Error(0, $"expected one of: {string.Join(", ", csv.Fields.Select(f => f.Trim()))}, got '{spec}'");
        }

        named = true;
        return found;
    }

    private static bool[] Mark(int width, int[] columns)
    {
        var marked = new bool[width];
        foreach (int c in columns)
        {
            marked[c] = true;
        }

        return marked;
    }

    private static bool IsHeader(CsvRecordReader csv, bool[] skipped)
    {
        for (int c = 0; c < skipped.Length; c++)
        {
            if (!skipped[c] && !csv.IsNumber(c))
            {
                return true;
            }
        }

        return false;
    }

    private static void RequireWidth(CsvRecordReader csv, int width)
    {
        int count = csv.FieldCount;
        if (count != width)
        {
            // The column is the first missing field, or the first extra one.
            throw csv.Error(Math.Min(count, width) + 1, $"expected {width} fields, got {count}");
        }
    }

    // Appends the current record's numbers in the columns not skipped, in file order.
    private static void AddFeatures<T>(CsvRecordReader csv, bool[] skipped, GrowingArray<T> into)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int c = 0; c < skipped.Length; c++)
        {
            if (!skipped[c])
            {
                into.Add(csv.Number<T>(c));
            }
        }
    }
}
