namespace Sandcastle.Sandbox.Files.Archives;

/// <summary>
/// Exactly <see cref="Length"/> bytes of a file that sandboxed code may be growing or truncating while it is
/// archived: reads stop at the length taken when it was opened, and a file that shrank is padded with zeros,
/// so the tar header written first always matches its data. Seekable (over a regular file) because the tar
/// writer needs a seekable entry to write into a compressed, unseekable archive.
/// </summary>
internal sealed class FixedLengthStream(Stream inner, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = (int)Math.Min(buffer.Length, length - _position);
        if (wanted <= 0)
            return 0;
        var read = inner.Read(buffer[..wanted]);
        if (read == 0)
        {
            buffer[..wanted].Clear();
            read = wanted;
        }
        _position += read;
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        inner.Position = _position = Math.Min(target, length);
        return _position;
    }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
