using System.Globalization;
using System.Numerics;

namespace VectorNN.Data;

/// <summary>
/// Reads MNIST-style IDX files (an images file and a labels file, each raw or gzip) into a classification
/// <see cref="Dataset{T}"/>.
/// </summary>
/// <remarks>
/// Images: magic 0x00000803 (unsigned bytes, three dimensions count x rows x columns); labels: magic 0x00000801 (one
/// dimension). Dimensions are big-endian. Gzip is recognised by its magic bytes 1f 8b, not by the file name. Every
/// problem with the content is a <see cref="DataFormatException"/> whose message gives the byte offset where it applies.
/// </remarks>
public static class IdxLoader
{
    private const uint ImagesMagic = 0x00000803;
    private const uint LabelsMagic = 0x00000801;

    /// <summary>Loads images and their labels: pixels scaled to [0, 1] by /255, one-hot targets, class names "0".."N-1".</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="imagesPath">The images file.</param>
    /// <param name="labelsPath">The labels file; null for <see cref="LabelsPathFor"/>(<paramref name="imagesPath"/>).</param>
    /// <param name="classCount">The number of classes; null for the largest label + 1.</param>
    /// <exception cref="DataFormatException">
    /// A file is not IDX of the expected kind, its size disagrees with its dimensions, the counts of images and labels
    /// differ, a label is not below <paramref name="classCount"/>, or a gzip stream is damaged.
    /// </exception>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is below 1.</exception>
    public static Dataset<T> Load<T>(string imagesPath, string? labelsPath = null, int? classCount = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        if (classCount is { } given)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(given, 1, nameof(classCount));
        }

        labelsPath ??= LabelsPathFor(imagesPath);
        (int[] shape, byte[] pixels) = IdxFile.Read(imagesPath, ImagesMagic, 3);
        (int[] labelShape, byte[] labels) = IdxFile.Read(labelsPath, LabelsMagic, 1);
        if (labelShape[0] != shape[0])
        {
            throw new DataFormatException(labelsPath, 0, 0, $"expected {shape[0]} labels (one per image in {imagesPath}), got {labelShape[0]}");
        }

        int classes = classCount ?? labels.Max() + 1;
        var ids = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classes)
            {
                throw new DataFormatException(labelsPath, 0, 0, $"expected a label in [0, {classes - 1}], got {labels[i]} at byte offset {8 + i}");
            }

            ids[i] = labels[i];
        }

        T[] inputs = Scaled<T>(pixels);
        string[] names = [.. Enumerable.Range(0, classes).Select(c => c.ToString(CultureInfo.InvariantCulture))];
        return Dataset<T>.FromLabels(inputs, shape[1] * shape[2], ids, classes, names);
    }

    /// <summary>
    /// The images of an IDX images file alone, for prediction: row-major [count x rows * columns], each byte scaled to
    /// [0, 1] by /255 as <see cref="Load{T}"/> scales it.
    /// </summary>
    /// <param name="imagesPath">The images file (magic 0x00000803), raw or gzip.</param>
    /// <param name="width">Receives rows x columns, the values per image.</param>
    /// <exception cref="DataFormatException">The file is not IDX images, its size disagrees with its dimensions, or a gzip stream is damaged.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static T[] LoadImages<T>(string imagesPath, out int width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        (int[] shape, byte[] pixels) = IdxFile.Read(imagesPath, ImagesMagic, 3);
        width = shape[1] * shape[2];
        return Scaled<T>(pixels);
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
            throw new DataFormatException(
                imagesPath, 0, 0,
                $"expected an images file name containing 'images' and 'idx3' (as in train-images-idx3-ubyte), got '{fileName}'; give the labels file explicitly");
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
    /// True when the file starts with the gzip magic (1f 8b) or an IDX magic of unsigned bytes (00 00 08 01..03): how a
    /// program tells IDX from CSV by content.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static bool IsIdx(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using FileStream file = File.OpenRead(path);
        Span<byte> start = stackalloc byte[4];
        int got = file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        start = start[..got];
        return IdxFile.IsGzip(start)
            || (got == 4 && start[0] == 0 && start[1] == 0 && start[2] == 0x08 && start[3] is >= 1 and <= 3);
    }

    /// <summary>Bytes scaled to [0, 1] by /255.</summary>
    private static T[] Scaled<T>(byte[] pixels)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // One division per byte value, not per pixel: the lookup also makes every pixel of a value bit-identical.
        var scaled = new T[256];
        for (int b = 0; b < scaled.Length; b++)
        {
            scaled[b] = T.CreateTruncating(b) / T.CreateTruncating(255);
        }

        var inputs = new T[pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            inputs[i] = scaled[pixels[i]];
        }

        return inputs;
    }
}
