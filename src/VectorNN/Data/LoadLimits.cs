using System.Globalization;

namespace VectorNN.Data;

/// <summary>
/// How much one data file may make a loader read and allocate, so that a small or endless input (a gzip bomb, a file
/// without line breaks, <c>/dev/zero</c>) fails quickly with an error naming the limit instead of exhausting memory.
/// </summary>
/// <remarks>
/// The defaults admit every common image and tabular set (EMNIST's 814,255 images of 784 bytes take 638 MB) and refuse
/// a file that claims more. The loaded values take 4 (float) or 8 (double) bytes per input byte or per number.
/// </remarks>
public sealed record LoadLimits
{
    /// <summary>The default <see cref="MaxBytes"/>: 1 GiB.</summary>
    public const long DefaultMaxBytes = 1L << 30;

    /// <summary>The default <see cref="MaxLineLength"/>: 1 Mi characters (about 100,000 numeric fields).</summary>
    public const int DefaultMaxLineLength = 1 << 20;

    /// <summary>The limits used when none are given.</summary>
    public static LoadLimits Default { get; } = new();

    /// <summary>
    /// The most content one file may hold: the decompressed bytes of an IDX file (checked against its header before its
    /// data is read), the characters of a CSV text, the decompressed bytes of a gzip CSV file. At least 1.
    /// </summary>
    public long MaxBytes
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxBytes), value, "Expected at least 1 byte.");
    } = DefaultMaxBytes;

    /// <summary>The most characters one CSV line may hold, line break excluded. At least 1.</summary>
    public int MaxLineLength
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxLineLength), value, "Expected at least 1 character.");
    } = DefaultMaxLineLength;

    /// <summary>The error for a file whose content exceeds <see cref="MaxBytes"/>.</summary>
    internal DataFormatException TooLarge(string path, string found) => new(
        path, 0, 0, $"expected at most {Text(MaxBytes)} bytes of content, {found}; raise the limit with LoadLimits.MaxBytes (--max-input-bytes on the command line) to load it");

    /// <summary>The error for a CSV line longer than <see cref="MaxLineLength"/>.</summary>
    internal DataFormatException LineTooLong(string path, int line) => new(
        path, line, 0, $"expected lines of at most {Text(MaxLineLength)} characters, got no line break within them; raise the limit with LoadLimits.MaxLineLength (--max-line-length on the command line) for longer lines");

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
