namespace VectorNN.Tests.Data;

/// <summary>A stream over bytes that cannot seek and hands out at most a few bytes per read, as a pipe does.</summary>
internal sealed class NonSeekableStream(byte[] bytes, int maxRead = 3) : Stream
{
    private int position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = Math.Min(Math.Min(count, maxRead), bytes.Length - position);
        bytes.AsSpan(position, n).CopyTo(buffer.AsSpan(offset));
        position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
