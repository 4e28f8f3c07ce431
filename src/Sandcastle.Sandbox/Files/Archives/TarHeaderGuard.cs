using System.Text;

namespace Sandcastle.Sandbox.Files.Archives;

/// <summary>
/// Sits between the decompressor and <see cref="System.Formats.Tar.TarReader"/> and checks each tar header before
/// the reader sees it. The reader allocates a buffer of a metadata entry's declared size (PAX attributes, GNU long
/// names) before reading it, so a few hundred bytes claiming gigabytes would cost gigabytes of memory; here such an
/// entry over <see cref="MaxMetadataBytes"/> fails the restore first. Tracks PAX <c>size</c> records, which set the
/// length of the entry that follows, to keep finding the headers.
/// </summary>
internal sealed class TarHeaderGuard(Stream inner) : Stream
{
    public const int MaxMetadataBytes = 1024 * 1024;
    private const int Block = 512;

    private byte[] _served = [];
    private int _servedOffset;
    private long _passThrough;
    private long? _nextSize;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.Length == 0)
            return 0;
        if (_servedOffset < _served.Length)
            return Serve(buffer);
        if (_passThrough > 0)
        {
            var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, _passThrough)]);
            _passThrough -= read;
            return read;
        }
        // At a header block: read and check it (and a metadata entry's data) before handing any of it on.
        var header = ReadFully(Block);
        if (header.Length == 0)
            return 0;
        _served = header;
        _servedOffset = 0;
        if (header.Length == Block)
            Inspect(header);
        return Serve(buffer);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    private void Inspect(byte[] header)
    {
        if (header.All(b => b == 0))
            return;
        var type = (char)header[156];
        var size = ParseSize(header.AsSpan(124, 12));
        if (type is 'x' or 'g' or 'L' or 'K')
        {
            if (size > MaxMetadataBytes)
                throw new WorkspaceArchiveException($"The archive has a {size}-byte header entry; at most {MaxMetadataBytes} bytes are accepted.");
            var data = ReadFully((int)Padded(size));
            if (type == 'x')
                _nextSize = PaxSize(data.AsSpan(0, (int)Math.Min(size, data.Length)));
            _served = [.. header, .. data];
            return;
        }
        var length = _nextSize ?? size;
        _nextSize = null;
        _passThrough = Padded(length);
    }

    private static long Padded(long size) => (size + Block - 1) / Block * Block;

    private static long ParseSize(ReadOnlySpan<byte> field)
    {
        if ((field[0] & 0x80) != 0)
        {
            // Base-256 (GNU) for sizes past 8 GiB: anything that large is over every cap anyway.
            long value = 0;
            foreach (var b in field[1..])
            {
                if (value > (long.MaxValue >> 8))
                    throw new WorkspaceArchiveException("The archive declares an impossible entry size.");
                value = (value << 8) | b;
            }
            return value;
        }
        var text = Encoding.ASCII.GetString(field).Trim('\0', ' ');
        try
        {
            return text.Length == 0 ? 0 : Convert.ToInt64(text, 8);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new WorkspaceArchiveException("The archive has a malformed entry size.");
        }
    }

    /// <summary>The <c>size</c> record of PAX attributes ("LEN size=VALUE\n"), if any.</summary>
    private static long? PaxSize(ReadOnlySpan<byte> records)
    {
        foreach (var line in Encoding.UTF8.GetString(records).Split('\n'))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0 || !line.AsSpan(space + 1).StartsWith("size="))
                continue;
            return long.TryParse(line.AsSpan(space + 6), out var size) && size >= 0
                ? size
                : throw new WorkspaceArchiveException("The archive has a malformed PAX size.");
        }
        return null;
    }

    private byte[] ReadFully(int count)
    {
        var bytes = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            var read = inner.Read(bytes, filled, count - filled);
            if (read == 0)
                break;
            filled += read;
        }
        return filled == count ? bytes : bytes[..filled];
    }

    private int Serve(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _served.Length - _servedOffset);
        _served.AsSpan(_servedOffset, count).CopyTo(buffer);
        _servedOffset += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
