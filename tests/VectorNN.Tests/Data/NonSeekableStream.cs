namespace VectorNN.Tests.Data;

/// <summary>Bytes behind a stream that cannot seek and hands out at most a few bytes per read, as a pipe does.</summary>
internal sealed class NonSeekableStream(byte[] bytes, int maxRead = 3) : MemoryStream(bytes, writable: false)
{
    public override bool CanSeek => false;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, maxRead));

    public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, maxRead)]);
}
