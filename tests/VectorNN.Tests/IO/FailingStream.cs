namespace VectorNN.Tests.IO;

/// <summary>
/// A stream over a file that fails as a full disk does: writes succeed until <paramref name="capacity"/> bytes, then
/// throw; and, when asked, closing it fails too (its buffered bytes still cannot be written).
/// </summary>
internal sealed class FailingStream(Stream inner, long capacity, bool failOnDispose = false) : Stream
{
    public const string DiskFull = "No space left on device (injected)";
    public const string CloseFailed = "Close failed: no space left on device (injected)";

    private long written;
    private bool disposed;

    public override bool CanRead => false;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (written + buffer.Length > capacity)
        {
            throw new IOException(DiskFull);
        }

        written += buffer.Length;
        inner.Write(buffer);
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value) => inner.SetLength(value);

    protected override void Dispose(bool disposing)
    {
        if (disposing && !disposed)
        {
            disposed = true;
            inner.Dispose();
            if (failOnDispose)
            {
                throw new IOException(CloseFailed);
            }
        }

        base.Dispose(disposing);
    }
}
