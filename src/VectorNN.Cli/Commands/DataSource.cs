using System.Numerics;
using VectorNN.Data;

namespace VectorNN.Cli.Commands;

/// <summary>Loads a data file the commands were given: IDX or CSV (raw or gzip), told apart by name and content.</summary>
/// <remarks>
/// Every file is opened and read once, so a pipe (<c>--train &lt;(...)</c>) or a FIFO gives the same data as a regular
/// file. Opening a FIFO waits until a writer opens it; after a second of waiting, a line on stderr says so.
/// </remarks>
internal static class DataSource
{
    // Opening a file takes microseconds; a FIFO's open blocks until its writer appears, possibly forever.
    private static readonly TimeSpan QuietWait = TimeSpan.FromSeconds(1);

    /// <summary>The size limits of every data file, from the global options (set once before a command runs).</summary>
    public static LoadLimits Limits { get; set; } = LoadLimits.Default;

    /// <summary>
    /// Loads <paramref name="path"/>: IDX images (with <paramref name="labelsPath"/>, or the labels file the MNIST naming
    /// convention puts beside them) or CSV (label column <paramref name="label"/>, default the last).
    /// </summary>
    /// <param name="path">The data file.</param>
    /// <param name="labelsPath">IDX only: the labels file, or null for the naming convention.</param>
    /// <param name="label">CSV only: the label column by name or index, or null for the last column.</param>
    /// <param name="classes">The classes of the training set or model, so that labels map to the same outputs; null to discover them.</param>
    /// <param name="targets">CSV only: regression target columns (names or indices), or null for classification.</param>
    public static Dataset<T> Load<T>(string path, string? labelsPath, string? label, IReadOnlyList<string>? classes, IReadOnlyList<string>? targets = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        using PeekStream input = Open(path);
        if (IsCsv(path, input.Start))
        {
            return CsvLoader.Load<T>(input, path, new CsvOptions { Label = label, Classes = classes, TargetColumns = targets, Limits = Limits });
        }

        if (targets is not null)
        {
            throw new UsageException($"--target: {path} holds IDX images, which have class labels rather than target columns; --target is for CSV data.");
        }

        labelsPath ??= IdxLoader.LabelsPathFor(path);
        using PeekStream labels = Open(labelsPath);
        Dataset<T> data = IdxLoader.Load<T>(input, path, labels, labelsPath, classes?.Count, Limits);
        if (classes is null)
        {
            RequireEveryClass(data, labelsPath);
        }

        return data;
    }

    /// <summary>
    /// True when <paramref name="path"/>, whose content starts with <paramref name="start"/>, is CSV: its name ends in
    /// <c>.csv</c> or <c>.csv.gz</c> (either case), or its content is text. Content alone cannot tell gzip CSV from gzip
    /// IDX before decompressing; the name can.
    /// </summary>
    public static bool IsCsv(string path, ReadOnlySpan<byte> start) =>
        path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase) || !IdxLoader.IsIdx(start);

    /// <summary>
    /// Opens <paramref name="path"/> for one pass, with its first bytes available to tell the format
    /// (<see cref="IdxLoader.IsIdx(ReadOnlySpan{byte})"/>); says on stderr when the open waits for a FIFO's writer.
    /// </summary>
    public static PeekStream Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file.", path);
        }

        // A FIFO, a device or a pipe has no length; a file with content opens at once.
        Task<FileStream> open = new FileInfo(path).Length > 0
            ? Task.FromResult(OpenRead(path))
            : Task.Run(() => OpenRead(path));
        if (Task.WaitAny([open], QuietWait) < 0)
        {
            Console.Error.WriteLine($"vectornn: waiting for a writer to open {path} (a FIFO opens when its writer does; Ctrl-C to stop)");
        }

        return new PeekStream(open.GetAwaiter().GetResult(), 4);
    }

    // The decompressor reads its input 8 KiB at a time: behind the default 4 KiB buffer, a system call each (as the
    // library's loaders open their files; bench/RESULTS.md, "Data loading").
    private static FileStream OpenRead(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);

    /// <summary>A copy of <paramref name="data"/> with its targets rescaled by <paramref name="standardization"/> (none: the data itself).</summary>
    public static Dataset<T> TargetsStandardized<T>(Dataset<T> data, Normalization? standardization)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (standardization is null)
        {
            return data;
        }

        T[] targets = data.Targets.ToArray();
        standardization.Apply<T>(targets);
        return new Dataset<T>(data.Inputs.ToArray(), targets, data.InputWidth, data.TargetWidth, data.ClassNames) { TargetNames = data.TargetNames };
    }

    // An IDX labels file does not say how many classes there are, so its largest label decides. One corrupt byte (a
    // 200 among digits) would silently make a 201-class network: every class up to the largest label must have a sample.
    private static void RequireEveryClass<T>(Dataset<T> data, string labelsPath)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int classes = data.TargetWidth;
        var seen = new bool[classes];
        int largest = -1;
        for (int i = 0; i < data.Count; i++)
        {
            int label = data.Target(i).IndexOf(T.One);
            seen[label] = true;
            largest = label == classes - 1 && largest < 0 ? i : largest;
        }

        int missing = Array.IndexOf(seen, false);
        if (missing >= 0)
        {
            throw new DataFormatException(
                labelsPath, 0, 0,
                $"expected a sample of every class from 0 to the largest label, {classes - 1} (sample {largest + 1}), got none of class {missing} ({seen.Count(s => !s)} of {classes} classes empty): a corrupt label would make a {classes}-class network; fix the labels, or train with --init from a model that has the classes");
        }
    }
}
