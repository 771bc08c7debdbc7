namespace VectorNN.Tests.IO;

/// <summary>
/// A stream that cannot seek, as a network stream: reads hand out at most <paramref name="maxRead"/> bytes at a time
/// (so readers must cope with short reads), writes go on at the end of <paramref name="inner"/>. When
/// <paramref name="endless"/>, zeros follow the inner stream's bytes forever. Counts the bytes read.
/// </summary>
internal sealed class ForwardOnlyStream(Stream inner, int maxRead = 7, bool endless = false) : Stream
{
    /// <summary>The bytes handed out so far.</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = inner.Read(buffer, offset, Math.Min(count, maxRead));
        if (n == 0 && endless)
        {
            n = Math.Min(count, maxRead);
            Array.Clear(buffer, offset, n);
        }

        BytesRead += n;
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
