using System.Formats.Tar;
using System.IO.Compression;
using Sandcastle.Sandbox.Files.Native;

namespace Sandcastle.Sandbox.Files.Archives;

/// <summary>
/// Unpacks an untrusted gzip-compressed tar into an empty workspace through the confined writer: every name is
/// checked (no absolute path, no '..'), only files, directories and symlinks that stay inside are accepted, and
/// the entry count, each size and the uncompressed total are capped before anything is read. Anything else
/// fails the whole restore with <see cref="WorkspaceArchiveException"/>; the caller throws the half-filled
/// workspace away.
/// </summary>
internal sealed class WorkspaceArchiveReader(WorkspaceFileSystem files, WorkspaceResolver resolver, WorkspaceOwner owner, WorkspaceArchiveLimits limits)
{
    // Headers, PAX records and padding on top of the file bytes: generous, still bounded.
    private const long HeaderAllowancePerEntry = 64 * 1024;
    private const uint PermissionBits = 0x1FF;

    private int _entries;
    private long _bytes;

    public async Task<WorkspaceArchiveSummary> ReadAsync(Stream source, CancellationToken cancellationToken)
    {
        var streamCap = limits.MaxBytes + HeaderAllowancePerEntry * (limits.MaxEntries + 2L);
        await using var gzip = new GZipStream(source, CompressionMode.Decompress, leaveOpen: true);
        await using var capped = new CappedReadStream(gzip, streamCap);
        await using var guarded = new TarHeaderGuard(capped);
        await using var tar = new TarReader(guarded, leaveOpen: true);
        try
        {
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
                await UnpackAsync(entry, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException or EndOfStreamException
            or WorkspacePathException or FileNotFoundException or DirectoryNotFoundException
            || (e is IOException && e is not WorkspaceArchiveException))
        {
            throw new WorkspaceArchiveException($"The archive cannot be restored: {e.Message}", e);
        }
        return new WorkspaceArchiveSummary(_entries, _bytes, 0);
    }

    private async Task UnpackAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        if (entry.EntryType is TarEntryType.GlobalExtendedAttributes)
            return;
        if (++_entries > limits.MaxEntries)
            throw new WorkspaceArchiveException($"The archive holds more than {limits.MaxEntries} entries.");
        var path = ParseName(entry.Name);
        var mode = (UnixFileMode)((uint)entry.Mode & PermissionBits);
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                files.CreateDirectory(path.Relative, mode);
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                if (entry.Length < 0 || entry.Length > limits.MaxBytes - _bytes)
                    throw new WorkspaceArchiveException($"'{path}' ({entry.Length} bytes) would take the archive past {limits.MaxBytes} bytes.");
                _bytes += entry.Length;
                await files.WriteAsync(path.Relative, entry.DataStream ?? Stream.Null, createParents: true, mode, cancellationToken);
                break;
            case TarEntryType.SymbolicLink:
                CreateLink(path, entry.LinkName);
                break;
            default:
                throw new WorkspaceArchiveException(
                    $"'{path}' is a {Describe(entry.EntryType)}; an archive may hold only files, directories and symlinks that stay inside.");
        }
    }

    private static WorkspacePath ParseName(string name)
    {
        if (name.StartsWith('/'))
            throw new WorkspaceArchiveException($"The entry '{name}' has an absolute path.");
        if (name.Split('/').Contains(".."))
            throw new WorkspaceArchiveException($"The entry '{name}' climbs out with '..'.");
        try
        {
            return WorkspacePath.Parse(name);
        }
        catch (WorkspacePathException e)
        {
            throw new WorkspaceArchiveException($"The entry '{name}' has an invalid path: {e.Message}", e);
        }
    }

    private void CreateLink(WorkspacePath path, string target)
    {
        if (!ArchiveLinks.StaysInside(path, target))
            throw new WorkspaceArchiveException($"The symlink '{path}' -> '{target}' leads out of the workspace.");
        if (!path.Parent.IsRoot)
            files.CreateDirectory(path.Parent.Relative);
        using var parent = resolver.OpenParent(path, "restore");
        if (FileSyscalls.SymlinkAt(target, parent, path.Name) != 0)
            throw WorkspaceErrors.For(FileSyscalls.LastError(), path, "restore");
        if (FileSyscalls.FchownAt(parent, path.Name, (uint)owner.Uid, (uint)owner.Gid, AtFlags.SymlinkNoFollow) != 0
            && (FileSyscalls.LastError() != Errno.EPERM || Environment.IsPrivilegedProcess))
            throw WorkspaceErrors.For(FileSyscalls.LastError(), path, "change the owner of");
    }

    private static string Describe(TarEntryType type) => type switch
    {
        TarEntryType.HardLink => "hard link",
        TarEntryType.CharacterDevice => "character device",
        TarEntryType.BlockDevice => "block device",
        TarEntryType.Fifo => "FIFO",
        _ => $"{type} entry",
    };
}
