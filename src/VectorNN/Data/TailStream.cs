namespace VectorNN.Data;

/// <summary>
/// Passes another stream's bytes through and remembers how many went by and the last few of them: the gzip trailer of a
/// stream that cannot seek to its end.
/// </summary>
internal sealed class TailStream(Stream inner, int tailLength) : Stream
{
    private readonly byte[] tail = new byte[tailLength];
    private int kept;

    /// <summary>The bytes read so far.</summary>
    public long Count { get; private set; }

    /// <summary>The last bytes read, up to the tail length.</summary>
    public ReadOnlySpan<byte> Tail => tail.AsSpan(0, kept);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
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

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
