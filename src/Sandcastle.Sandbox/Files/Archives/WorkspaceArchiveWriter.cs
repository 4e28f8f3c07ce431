using System.Formats.Tar;
using System.IO.Compression;
using Sandcastle.Sandbox.Files.Native;

namespace Sandcastle.Sandbox.Files.Archives;

/// <summary>
/// Packs a workspace into a gzip-compressed tar while sandboxed code may still be changing it: the tree is walked
/// through descriptors, files are opened with no symlink anywhere on their way, and an entry swapped or removed
/// meanwhile is skipped rather than followed. FIFOs, sockets, devices and symlinks leading out are left out.
/// </summary>
internal sealed class WorkspaceArchiveWriter(WorkspaceResolver resolver)
{
    private const uint PermissionBits = 0x1FF;
    private static readonly ulong FileFlags = OpenFlags.ReadOnly | OpenFlags.NonBlock | OpenFlags.NoCtty | OpenFlags.NoFollow;

    private int _entries;
    private long _bytes;
    private int _skipped;

    public WorkspaceArchiveSummary Write(Stream destination)
    {
        using var gzip = new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true);
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            using var root = resolver.TryOpen(WorkspacePath.Root, OpenFlags.ReadOnly | OpenFlags.Directory, 0, out var errno)
                ?? throw WorkspaceErrors.For(errno, WorkspacePath.Root, "archive");
            WorkspaceWalker.Walk(root, WorkspacePath.Root, recursive: true, sorted: true,
                (WorkspacePath path, in StatxBuffer stat) => Add(tar, root, path, stat));
        }
        // TarWriter ends only an archive it wrote entries to: an empty workspace still gets a whole, empty archive
        // (its end-of-archive blocks), which a restore reads as nothing rather than as a truncated stream.
        if (_entries == 0)
            gzip.Write(new byte[2 * 512]);
        return new WorkspaceArchiveSummary(_entries, _bytes, _skipped);
    }

    private void Add(TarWriter tar, FileDescriptor root, WorkspacePath path, in StatxBuffer stat)
    {
        var entry = stat.IsDirectory ? new PaxTarEntry(TarEntryType.Directory, path.Relative + "/")
            : stat.IsRegular ? OpenFile(root, path)
            : stat.IsSymlink ? Link(root, path)
            : null;
        if (entry is null)
        {
            _skipped++;
            return;
        }
        entry.Mode = (UnixFileMode)(stat.Mode & PermissionBits);
        entry.ModificationTime = stat.ModifiedAt < DateTimeOffset.UnixEpoch ? DateTimeOffset.UnixEpoch : stat.ModifiedAt;
        using (entry.DataStream)
        {
            tar.WriteEntry(entry);
            _bytes += entry.DataStream?.Length ?? 0;
        }
        _entries++;
    }

    private PaxTarEntry? OpenFile(FileDescriptor root, WorkspacePath path)
    {
        using var fd = FileSyscalls.OpenAt2(root, path.Relative, FileFlags, 0, WorkspaceResolver.NoSymlinks, out _);
        if (fd is null)
            return null;
        // Whatever was opened is what is archived: it must still be a regular file (not a FIFO swapped in).
        var opened = WorkspaceStat.Of(fd);
        if (!opened.IsRegular)
            return null;
        var file = new FileStream(fd.ToSafeFileHandle(), FileAccess.Read, bufferSize: 0);
        return new PaxTarEntry(TarEntryType.RegularFile, path.Relative) { DataStream = new FixedLengthStream(file, (long)opened.Size) };
    }

    private static PaxTarEntry? Link(FileDescriptor root, WorkspacePath path)
    {
        using var parent = path.Parent.IsRoot ? null
            : FileSyscalls.OpenAt2(root, path.Parent.Relative, OpenFlags.Path | OpenFlags.Directory, 0, WorkspaceResolver.NoSymlinks, out _);
        if (!path.Parent.IsRoot && parent is null)
            return null;
        var target = FileSyscalls.ReadLinkAt(parent ?? root, path.Name, out _);
        return target is not null && ArchiveLinks.StaysInside(path, target)
            ? new PaxTarEntry(TarEntryType.SymbolicLink, path.Relative) { LinkName = target }
            : null;
    }
}
