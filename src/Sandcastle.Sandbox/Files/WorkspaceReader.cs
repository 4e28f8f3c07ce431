using Sandcastle.Sandbox.Files.Native;

namespace Sandcastle.Sandbox.Files;

/// <summary>Read side: opens with openat2 and only ever hands out streams over regular files.</summary>
internal static class WorkspaceReader
{
    // O_NONBLOCK: opening a FIFO planted by sandboxed code must not block; it is refused right after.
    private const ulong ReadFlags = OpenFlags.ReadOnly | OpenFlags.NonBlock | OpenFlags.NoCtty;

    public static FileStream OpenRead(WorkspaceResolver resolver, WorkspacePath path)
    {
        using var fd = resolver.Open(path, ReadFlags, "read");
        var stat = WorkspaceStat.Of(fd);
        if (stat.IsDirectory)
            throw new IOException($"'{path}' is a directory.");
        if (!stat.IsRegular)
            throw WorkspaceErrors.NotRegularFile(path);
        return new FileStream(fd.ToSafeFileHandle(), FileAccess.Read, bufferSize: 0);
    }

    public static async Task<byte[]> ReadToEndAsync(Stream stream, WorkspacePath path, CancellationToken cancellationToken)
    {
        var length = stream.Length;
        if (length > Array.MaxLength)
            throw new IOException($"'{path}' is too large to read into memory; stream it instead.");
        using var buffer = new MemoryStream((int)length);
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
