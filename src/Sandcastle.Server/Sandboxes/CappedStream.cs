using Sandcastle.Sessions.Sandboxes;

namespace Sandcastle.Server.Sandboxes;

/// <summary>Reads a request body through, failing with TooLarge once it passes the cap (chunked uploads have no length).</summary>
internal sealed class CappedStream(Stream inner, long cap) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _read += read;
        return _read > cap ? throw FileTooLarge(cap) : read;
    }

    public static SandboxRequestException FileTooLarge(long cap) =>
        new(SandboxErrorKind.TooLarge, $"The file is larger than the {cap} bytes this server accepts (setting SandboxApi:MaxFileBytes).");
}
