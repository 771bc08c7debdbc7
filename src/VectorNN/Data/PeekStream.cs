namespace VectorNN.Data;

/// <summary>
/// A read-only stream that reads the first bytes of another stream ahead and then returns them again, so that a program
/// can tell a file's format from its first bytes and still parse it from its first byte: what a pipe or FIFO, which
/// cannot seek back, needs.
/// </summary>
public sealed class PeekStream : Stream
{
    private readonly Stream inner;
    private readonly byte[] start;
    private readonly bool leaveOpen;
    private readonly byte[] tail;
    private int replayed;
    private int kept;

    /// <summary>Reads up to <paramref name="count"/> bytes of <paramref name="inner"/> ahead (fewer when it ends first).</summary>
    /// <param name="inner">The stream to read; it need not seek.</param>
    /// <param name="count">How many bytes to look at, at least 0.</param>
    /// <param name="leaveOpen">Whether disposing this stream leaves <paramref name="inner"/> open.</param>
    /// <exception cref="ArgumentException"><paramref name="inner"/> cannot be read.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public PeekStream(Stream inner, int count, bool leaveOpen = false)
        : this(inner, count, leaveOpen, 0)
    {
    }

    /// <summary>Also remembers the last <paramref name="tailLength"/> bytes read and their count: a gzip trailer, where seeking to the end is not possible.</summary>
    internal PeekStream(Stream inner, int count, bool leaveOpen, int tailLength)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!inner.CanRead)
        {
            throw new ArgumentException("Expected a readable stream.", nameof(inner));
        }

        this.inner = inner;
        this.leaveOpen = leaveOpen;
        tail = new byte[tailLength];
        var buffer = new byte[count];
        int got = 0;
        while (got < count && ReadInner(buffer.AsSpan(got)) is > 0 and int n)
        {
            got += n;
        }

        start = buffer[..got];
    }

    /// <summary>The bytes read from the underlying stream so far.</summary>
    internal long Count { get; private set; }

    /// <summary>The last bytes read from the underlying stream, up to the tail length given.</summary>
    internal ReadOnlySpan<byte> Tail => tail.AsSpan(0, kept);

    /// <summary>
    /// The bytes <paramref name="stream"/> has left to read, when it knows (a regular file; a <see cref="PeekStream"/>
    /// over one); null for a pipe.
    /// </summary>
    internal static long? Remaining(Stream stream) => stream switch
    {
        PeekStream peek => peek.start.Length - peek.replayed + Remaining(peek.inner),
        { CanSeek: true } => Math.Max(0, stream.Length - stream.Position),
        _ => null,
    };

    /// <summary>The first bytes of the stream: as many as asked for, or all of a shorter stream.</summary>
    public ReadOnlySpan<byte> Start => start;

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        if (replayed == start.Length)
        {
            return ReadInner(buffer);
        }

        int n = Math.Min(buffer.Length, start.Length - replayed);
        start.AsSpan(replayed, n).CopyTo(buffer);
        replayed += n;
        return n;
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int ReadInner(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        Count += n;
        ReadOnlySpan<byte> read = buffer[..n];
        if (n >= tail.Length)
        {
            read[^tail.Length..].CopyTo(tail);
            kept = tail.Length;
        }
        else
        {
            // Shift the kept bytes left to make room for the new ones at the end.
            int keep = Math.Min(kept, tail.Length - n);
            tail.AsSpan(kept - keep, keep).CopyTo(tail);
            read.CopyTo(tail.AsSpan(keep));
            kept = keep + n;
        }

        return n;
    }
}
