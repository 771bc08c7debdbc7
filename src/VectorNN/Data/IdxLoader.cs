using System.Globalization;
using System.Numerics;

namespace VectorNN.Data;

/// <summary>
/// Reads MNIST-style IDX files (an images file and a labels file, each raw or gzip) into a classification
/// <see cref="Dataset{T}"/>.
/// </summary>
/// <remarks>
/// Images: magic 0x00000803 (unsigned bytes, three dimensions count x rows x columns); labels: magic 0x00000801 (one
/// dimension). Dimensions are big-endian. Gzip is recognised by its magic bytes 1f 8b, not by the file name; a file of
/// several gzip members (<c>cat a.gz b.gz</c>) is one content, and the last member's trailer must be complete. A header
/// declaring more than <see cref="LoadLimits.MaxBytes"/> is refused before any data is read. Every problem with the
/// content is a <see cref="DataFormatException"/> whose message gives the byte offset where it applies.
/// </remarks>
public static class IdxLoader
{
    private const uint ImagesMagic = 0x00000803;
    private const uint LabelsMagic = 0x00000801;

    // The labels' header: the magic and one dimension.
    private const int LabelsStart = 8;

    /// <summary>Loads images and their labels: pixels scaled to [0, 1] by /255, one-hot targets, class names "0".."N-1".</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="imagesPath">The images file.</param>
    /// <param name="labelsPath">The labels file; null for <see cref="LabelsPathFor"/>(<paramref name="imagesPath"/>).</param>
    /// <param name="classCount">The number of classes; null for the largest label + 1 (the labels file does not say, so a corrupt label byte adds classes: give the count when it is known).</param>
    /// <param name="limits">How large each file may be; null for <see cref="LoadLimits.Default"/>.</param>
    /// <exception cref="DataFormatException">
    /// A file is not IDX of the expected kind, its size disagrees with its dimensions or exceeds the limits, the counts
    /// of images and labels differ, a label is not below <paramref name="classCount"/>, or a gzip stream is damaged.
    /// </exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is below 1.</exception>
    public static Dataset<T> Load<T>(string imagesPath, string? labelsPath = null, int? classCount = null, LoadLimits? limits = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        labelsPath ??= LabelsPathFor(imagesPath);
        using FileStream images = DataFile.OpenRead(imagesPath);
        using FileStream labels = DataFile.OpenRead(labelsPath);
        return Load<T>(images, imagesPath, labels, labelsPath, classCount, limits);
    }

    /// <summary>
    /// Loads images and their labels from streams, which need not seek (pipes): pixels scaled to [0, 1] by /255,
    /// one-hot targets, class names "0".."N-1".
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="images">The images file's content, raw or gzip, read from its current position.</param>
    /// <param name="imagesName">The name errors give for the images, usually their file.</param>
    /// <param name="labels">The labels file's content, raw or gzip.</param>
    /// <param name="labelsName">The name errors give for the labels.</param>
    /// <param name="classCount">The number of classes; null for the largest label + 1 (the labels file does not say, so a corrupt label byte adds classes: give the count when it is known).</param>
    /// <param name="limits">How large each file may be; null for <see cref="LoadLimits.Default"/>.</param>
    /// <exception cref="DataFormatException">
    /// A content is not IDX of the expected kind, its size disagrees with its dimensions or exceeds the limits, the
    /// counts of images and labels differ, a label is not below <paramref name="classCount"/>, or a gzip stream is damaged.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is below 1.</exception>
    public static Dataset<T> Load<T>(Stream images, string imagesName, Stream labels, string labelsName, int? classCount = null, LoadLimits? limits = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(imagesName);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(labelsName);
        if (classCount is { } given)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(given, 1, nameof(classCount));
        }

        limits ??= LoadLimits.Default;
        (int[] shape, T[] inputs) = IdxFile.Read<T, IdxPixels<T>>(images, imagesName, ImagesMagic, 3, limits);
        (int[] labelShape, byte[] labelBytes) = IdxFile.Read<byte, IdxBytes>(labels, labelsName, LabelsMagic, 1, limits);
        if (labelShape[0] != shape[0])
        {
            throw LabelCountDiffers(labelsName, shape[0], imagesName, labelShape[0]);
        }

        int classes = classCount ?? LargestLabel(labelBytes) + 1;
        var ids = new int[labelBytes.Length];
        for (int i = 0; i < labelBytes.Length; i++)
        {
            if (labelBytes[i] >= classes)
            {
                throw LabelOutOfRange(labelsName, classes, labelBytes[i], i);
            }

            ids[i] = labelBytes[i];
        }

        var names = new string[classes];
        for (int c = 0; c < classes; c++)
        {
            names[c] = c.ToString(CultureInfo.InvariantCulture);
        }

        // Pixels are bytes / 255: finite by construction, so the set skips the pass that would check them.
        return Dataset<T>.FromLabelsOfFiniteInputs(inputs, shape[1] * shape[2], ids, classes, names);
    }

    /// <summary>
    /// The images of an IDX images file alone, for prediction: row-major [count x rows * columns], each byte scaled to
    /// [0, 1] by /255 as <see cref="Load{T}(string, string?, int?, LoadLimits?)"/> scales it.
    /// </summary>
    /// <param name="imagesPath">The images file (magic 0x00000803), raw or gzip.</param>
    /// <param name="width">Receives rows x columns, the values per image.</param>
    /// <param name="limits">How large the file may be; null for <see cref="LoadLimits.Default"/>.</param>
    /// <exception cref="DataFormatException">The file is not IDX images, its size disagrees with its dimensions or exceeds the limits, or a gzip stream is damaged.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static T[] LoadImages<T>(string imagesPath, out int width, LoadLimits? limits = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        using FileStream images = DataFile.OpenRead(imagesPath);
        return LoadImages<T>(images, imagesPath, out width, limits);
    }

    /// <summary>The images of an IDX images content alone, from a stream that need not seek (a pipe).</summary>
    /// <inheritdoc cref="LoadImages{T}(string, out int, LoadLimits?)" path="/summary"/>
    /// <param name="images">The images (magic 0x00000803), raw or gzip, read from the current position.</param>
    /// <param name="name">The name errors give for the images, usually their file.</param>
    /// <param name="width">Receives rows x columns, the values per image.</param>
    /// <param name="limits">How large the content may be; null for <see cref="LoadLimits.Default"/>.</param>
    /// <exception cref="DataFormatException">The content is not IDX images, its size disagrees with its dimensions or exceeds the limits, or a gzip stream is damaged.</exception>
    public static T[] LoadImages<T>(Stream images, string name, out int width, LoadLimits? limits = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(name);
        (int[] shape, T[] pixels) = IdxFile.Read<T, IdxPixels<T>>(images, name, ImagesMagic, 3, limits ?? LoadLimits.Default);
        width = shape[1] * shape[2];
        return pixels;
    }

    /// <summary>
    /// The labels file beside an images file by the MNIST naming convention: in the file name, "images" becomes "labels"
    /// and "idx3" becomes "idx1" (<c>train-images-idx3-ubyte.gz</c> -> <c>train-labels-idx1-ubyte.gz</c>,
    /// <c>images.idx3</c> -> <c>labels.idx1</c>). When only the gzip or only the raw variant of that name exists, that
    /// one is returned.
    /// </summary>
    /// <param name="imagesPath">The images file.</param>
    /// <exception cref="DataFormatException">The file name does not contain both "images" and "idx3".</exception>
    public static string LabelsPathFor(string imagesPath)
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        string fileName = Path.GetFileName(imagesPath);
        if (!fileName.Contains("images", StringComparison.Ordinal) || !fileName.Contains("idx3", StringComparison.Ordinal))
        {
            throw NotAnImagesName(imagesPath, fileName);
        }

        string labels = Path.Combine(
            Path.GetDirectoryName(imagesPath) ?? string.Empty,
            fileName.Replace("images", "labels", StringComparison.Ordinal).Replace("idx3", "idx1", StringComparison.Ordinal));
        if (File.Exists(labels))
        {
            return labels;
        }

        string other = labels.EndsWith(".gz", StringComparison.Ordinal) ? labels[..^3] : labels + ".gz";
        return File.Exists(other) ? other : labels;
    }

    /// <summary>
    /// True when the file starts as a binary data file: with the gzip magic (1f 8b) or with two zero bytes, as every IDX
    /// magic does. This is how a program tells IDX from CSV by content; text never starts with a zero byte, and an IDX
    /// file of another type then gets an error saying what it is rather than a CSV parse error.
    /// </summary>
    /// <param name="path">The file; a pipe loses the bytes read here, so read it once with <see cref="PeekStream"/> and <see cref="IsIdx(ReadOnlySpan{byte})"/>.</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static bool IsIdx(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using FileStream file = File.OpenRead(path);
        Span<byte> start = stackalloc byte[2];
        return IsIdx(start[..file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false)]);
    }

    /// <summary>True when a content starting with <paramref name="start"/> (its first two bytes or more) is IDX or gzip; see <see cref="IsIdx(string)"/>.</summary>
    /// <param name="start">The first bytes of the content.</param>
    public static bool IsIdx(ReadOnlySpan<byte> start) =>
        IdxFile.IsGzip(start) || (start.Length >= 2 && start[0] == 0 && start[1] == 0);

    private static int LargestLabel(byte[] labels)
    {
        int largest = 0;
        foreach (byte label in labels)
        {
            largest = Math.Max(largest, label);
        }

        return largest;
    }

    private static DataFormatException NotAnImagesName(string imagesPath, string fileName) =>
        new(imagesPath, 0, 0, $"expected an images file name containing 'images' and 'idx3' (as in train-images-idx3-ubyte), got '{fileName}'; give the labels file explicitly");

    private static DataFormatException LabelCountDiffers(string labelsName, int images, string imagesName, int labels) =>
        new(labelsName, 0, 0, $"expected {images} labels (one per image in {imagesName}), got {labels}");

    private static DataFormatException LabelOutOfRange(string labelsName, int classes, byte label, int index) =>
        new(labelsName, 0, 0, $"expected a label in [0, {classes - 1}], got {label} at byte offset {LabelsStart + index}");
}
