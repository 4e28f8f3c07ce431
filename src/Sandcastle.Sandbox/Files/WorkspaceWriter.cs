using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Sandcastle.Sandbox.Files.Native;

namespace Sandcastle.Sandbox.Files;

/// <summary>Streams content into a workspace file opened with openat2, enforcing the quota while it goes.</summary>
internal sealed class WorkspaceWriter(WorkspaceResolver resolver, WorkspaceOwner owner, WorkspaceQuota quota, Func<long> measureUsage)
{
    private const string Operation = "write";
    private const int ChunkSize = 128 * 1024;

    // O_NONBLOCK: a FIFO planted by sandboxed code must not hang the host; non-regular files are refused after open.
    private const ulong WriteFlags = OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.NonBlock | OpenFlags.NoCtty;

    public async Task WriteAsync(WorkspacePath path, Stream content, UnixFileMode? mode, CancellationToken cancellationToken)
    {
        var (handle, created) = Open(path);
        using (handle)
        {
            var before = WorkspaceStat.Of(handle);
            var truncated = false;
            try
            {
                if (!before.IsRegular)
                    throw WorkspaceErrors.NotRegularFile(path);
                var allowance = Allowance(before.Size);
                // Refuse up front when the size is known, before the old content is truncated away.
                if (content.CanSeek && content.Length - content.Position > allowance)
                    throw quota.Exceeded();
                owner.Apply(handle, created ? mode ?? WorkspaceOwner.DefaultFileMode : mode, path);
                truncated = true;
                if (FileSyscalls.Ftruncate(handle, 0) != 0)
                    throw WorkspaceErrors.For(FileSyscalls.LastError(), path, Operation);
                await CopyAsync(content, handle, allowance, cancellationToken);
            }
            catch when (created || truncated)
            {
                RemovePartial(path, handle, before);
                throw;
            }
        }
    }

    private (SafeFileHandle Handle, bool Created) Open(WorkspacePath path)
    {
        var mode = (uint)WorkspaceOwner.DefaultFileMode;
        var fd = resolver.TryOpen(path, WriteFlags | OpenFlags.Exclusive, mode, out var errno);
        if (fd is not null)
            return (fd.ToSafeFileHandle(), true);
        // Existing entry (or a symlink, which O_EXCL never follows): open it normally, still confined beneath the root.
        if (errno == Errno.EEXIST)
        {
            fd = resolver.TryOpen(path, WriteFlags, mode, out errno);
            if (fd is not null)
                return (fd.ToSafeFileHandle(), false);
        }
        throw errno == Errno.ENOENT
            ? new DirectoryNotFoundException($"The parent directory of '{path}' does not exist in the workspace (create it, or write with createParents).")
            : WorkspaceErrors.For(errno, path, Operation);
    }

    private long Allowance(ulong currentSize) =>
        quota.IsUnlimited ? long.MaxValue : quota.Bytes - (measureUsage() - (long)currentSize);

    private async Task CopyAsync(Stream content, SafeFileHandle handle, long allowance, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            long written = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (written + read > allowance)
                    throw quota.Exceeded();
                await RandomAccess.WriteAsync(handle, buffer.AsMemory(0, read), written, cancellationToken);
                written += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Best effort: empty the file, and unlink the name only if it still names this very file.</summary>
    private void RemovePartial(WorkspacePath path, SafeHandle handle, in StatxBuffer written)
    {
        _ = FileSyscalls.Ftruncate(handle, 0);
        try
        {
            using var parent = resolver.TryOpen(path.Parent, OpenFlags.Path | OpenFlags.Directory, 0, out _);
            if (parent is not null && WorkspaceStat.TryEntry(parent, path.Name, out var now, out _) && now.SameFileAs(written))
                _ = FileSyscalls.UnlinkAt(parent, path.Name, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original failure is what the caller needs to see.
        }
    }
}
