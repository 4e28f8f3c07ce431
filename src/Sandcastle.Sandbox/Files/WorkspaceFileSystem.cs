using System.Runtime.InteropServices;
using System.Text;
using Sandcastle.Sandbox.Files.Archives;
using Sandcastle.Sandbox.Files.Native;
using Sandcastle.Sandbox.Volumes;

namespace Sandcastle.Sandbox.Files;

/// <summary>
/// Host-side file operations on one sandbox's workspace, confined to it by the kernel: every path is resolved with
/// openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV) from the workspace root and acted on through
/// descriptors, so symlinks planted (or swapped in mid-operation) by sandboxed code cannot lead outside.
/// Symlinks that stay inside the workspace are followed for reads, writes and List; absolute symlinks and ones that
/// climb above the root fail with <see cref="WorkspacePathException"/>. Stat, Exists, Delete and Move act on a final
/// symlink itself, and recursive walks never follow symlinks.
/// Holds no descriptors or state between calls: thread-safe, nothing to dispose.
/// </summary>
public sealed class WorkspaceFileSystem
{
    private readonly WorkspaceResolver _resolver;
    private readonly WorkspaceWriter _writer;
    private readonly WorkspaceDirectories _directories;
    private readonly WorkspaceOwner _owner;
    private readonly WorkspaceQuota _quota;
    private readonly WorkspaceVolume? _volume;

    /// <param name="workspaceRoot">Absolute host path of the directory mounted at /workspace.</param>
    /// <param name="ownerUid">The sandbox uid; files and directories the host creates are chowned to it.</param>
    /// <param name="ownerGid">The sandbox gid.</param>
    /// <param name="quotaBytes">Maximum total file bytes in the workspace; <see cref="long.MaxValue"/> for none.</param>
    public WorkspaceFileSystem(string workspaceRoot, int ownerUid, int ownerGid, long quotaBytes)
        : this(workspaceRoot, ownerUid, ownerGid, quotaBytes, WorkspaceQuota.LabelFor(workspaceRoot), volume: null)
    {
    }

    /// <param name="workspaceRoot">Absolute host path of the directory mounted at /workspace.</param>
    /// <param name="ownerUid">The sandbox uid; files and directories the host creates are chowned to it.</param>
    /// <param name="ownerGid">The sandbox gid.</param>
    /// <param name="quotaBytes">Maximum total file bytes in the workspace; <see cref="long.MaxValue"/> for none.</param>
    /// <param name="sandboxLabel">How a quota error names the workspace (its sandbox's id; never a host path).</param>
    public WorkspaceFileSystem(string workspaceRoot, int ownerUid, int ownerGid, long quotaBytes, string sandboxLabel)
        : this(workspaceRoot, ownerUid, ownerGid, quotaBytes, sandboxLabel, volume: null)
    {
    }

    /// <param name="volume">The workspace's own file system: usage is one statvfs, and the kernel holds the quota.</param>
    internal WorkspaceFileSystem(string workspaceRoot, int ownerUid, int ownerGid, long quotaBytes, WorkspaceVolume? volume)
        : this(workspaceRoot, ownerUid, ownerGid, quotaBytes, volume?.SandboxId ?? WorkspaceQuota.LabelFor(workspaceRoot), volume)
    {
    }

    private WorkspaceFileSystem(string workspaceRoot, int ownerUid, int ownerGid, long quotaBytes, string sandboxLabel, WorkspaceVolume? volume)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workspaceRoot);
        if (!Path.IsPathFullyQualified(workspaceRoot))
            throw new ArgumentException($"The workspace root '{workspaceRoot}' must be an absolute path.", nameof(workspaceRoot));
        ArgumentOutOfRangeException.ThrowIfNegative(ownerUid);
        ArgumentOutOfRangeException.ThrowIfNegative(ownerGid);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quotaBytes);
        WorkspaceRoot = workspaceRoot;
        QuotaBytes = quotaBytes;
        _resolver = new WorkspaceResolver(workspaceRoot);
        var owner = _owner = new WorkspaceOwner(ownerUid, ownerGid);
        _volume = volume;
        _quota = new WorkspaceQuota(quotaBytes, sandboxLabel);
        _writer = new WorkspaceWriter(_resolver, owner, _quota, GetUsageBytes);
        _directories = new WorkspaceDirectories(_resolver, owner);
    }

    public string WorkspaceRoot { get; }

    public long QuotaBytes { get; }

    /// <summary>Creates or truncates <paramref name="path"/> and streams <paramref name="content"/> into it.</summary>
    /// <param name="mode">Permission bits; new files default to 0644, existing files keep theirs unless given.</param>
    /// <exception cref="WorkspaceQuotaExceededException">The workspace would pass its quota; no partial file is left.</exception>
    public async Task WriteAsync(string path, Stream content, bool createParents = false, UnixFileMode? mode = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var target = WorkspacePath.Parse(path);
        try
        {
            if (createParents && !target.Parent.IsRoot)
                _directories.Create(target.Parent, mode: null);
            await _writer.WriteAsync(target, content, mode, cancellationToken);
        }
        catch (IOException e) when (WorkspaceErrors.IsNoSpace(e))
        {
            throw _quota.Exceeded();
        }
    }

    public async Task WriteBytesAsync(string path, ReadOnlyMemory<byte> content, bool createParents = false, UnixFileMode? mode = null, CancellationToken cancellationToken = default)
    {
        using var stream = MemoryMarshal.TryGetArray(content, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        await WriteAsync(path, stream, createParents, mode, cancellationToken);
    }

    /// <summary>Writes <paramref name="content"/> as UTF-8 without a byte order mark.</summary>
    public Task WriteTextAsync(string path, string content, bool createParents = false, UnixFileMode? mode = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return WriteBytesAsync(path, Encoding.UTF8.GetBytes(content), createParents, mode, cancellationToken);
    }

    /// <summary>Opens a regular file for streaming reads; the caller disposes the stream.</summary>
    public Stream OpenRead(string path) => WorkspaceReader.OpenRead(_resolver, WorkspacePath.Parse(path));

    public async Task<byte[]> ReadBytesAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = OpenRead(path);
        return await WorkspaceReader.ReadToEndAsync(stream, WorkspacePath.Parse(path), cancellationToken);
    }

    /// <summary>Reads a file as UTF-8 (a byte order mark, if any, picks the encoding).</summary>
    public async Task<string> ReadTextAsync(string path, CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(OpenRead(path), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    /// <summary>Lists a directory ("", "." or "/workspace" for the root), sorted by name, pre-order when recursive.</summary>
    public IReadOnlyList<WorkspaceEntry> List(string path = "", bool recursive = false)
    {
        var directory = WorkspacePath.Parse(path, allowRoot: true);
        using var fd = _resolver.TryOpen(directory, OpenFlags.ReadOnly | OpenFlags.Directory, 0, out var errno)
            ?? throw (errno == Errno.ENOENT
                ? new DirectoryNotFoundException($"Directory '{directory}' does not exist in the workspace.")
                : WorkspaceErrors.For(errno, directory, "list"));
        var entries = new List<WorkspaceEntry>();
        WorkspaceWalker.Walk(fd, directory, recursive, sorted: true,
            (WorkspacePath entryPath, in StatxBuffer stat) => entries.Add(WorkspaceStat.ToEntry(entryPath, stat)));
        return entries;
    }

    /// <summary>The entry at <paramref name="path"/> (a final symlink is described, not followed), or null if absent.</summary>
    public WorkspaceEntry? Stat(string path)
    {
        var target = WorkspacePath.Parse(path, allowRoot: true);
        if (target.IsRoot)
        {
            using var root = _resolver.OpenRoot();
            return WorkspaceStat.ToEntry(target, WorkspaceStat.Of(root));
        }
        using var parent = _resolver.TryOpen(target.Parent, OpenFlags.Path | OpenFlags.Directory, 0, out var errno);
        if (parent is null)
            return IsAbsent(errno) ? null : throw (errno == Errno.EXDEV ? WorkspaceErrors.Escapes(target) : WorkspaceErrors.For(errno, target, "stat"));
        if (WorkspaceStat.TryEntry(parent, target.Name, out var stat, out errno))
            return WorkspaceStat.ToEntry(target, stat);
        return IsAbsent(errno) ? null : throw WorkspaceErrors.For(errno, target, "stat");
    }

    public bool Exists(string path) => Stat(path) is not null;

    /// <summary>mkdir -p; new directories default to 0755 and belong to the sandbox user.</summary>
    /// <exception cref="WorkspaceQuotaExceededException">The workspace's file system has no entry left.</exception>
    public void CreateDirectory(string path, UnixFileMode? mode = null)
    {
        try
        {
            _directories.Create(WorkspacePath.Parse(path), mode);
        }
        catch (IOException e) when (WorkspaceErrors.IsNoSpace(e))
        {
            throw _quota.Exceeded();
        }
    }

    /// <summary>Deletes a file, symlink (the link itself) or directory; a non-empty directory needs <paramref name="recursive"/>.</summary>
    public void Delete(string path, bool recursive = false) => WorkspaceDeleter.Delete(_resolver, WorkspacePath.Parse(path), recursive);

    /// <summary>Renames within the workspace; without <paramref name="overwrite"/> an existing target is an error (RENAME_NOREPLACE).</summary>
    public void Move(string from, string to, bool overwrite = false) =>
        WorkspaceMover.Move(_resolver, WorkspacePath.Parse(from), WorkspacePath.Parse(to), overwrite);

    /// <summary>
    /// Bytes the workspace holds. With a file system of its own: its blocks in use, from one statvfs (directories
    /// and long symlinks count too). Else the apparent size of regular files, walked (hard links counted once,
    /// symlinks never followed).
    /// </summary>
    public long GetUsageBytes() =>
        _volume?.Measure().UsedBytes ?? (IsOwnFileSystem() ? VolumeUsage.Of(WorkspaceRoot).UsedBytes : WorkspaceUsageMeter.Measure(_resolver));

    /// <summary>Whether the root is a mount of its own (a workspace volume opened by path, e.g. by the server's files API).</summary>
    private bool IsOwnFileSystem() =>
        FileSyscalls.Statx(AtFlags.CurrentDirectory, WorkspaceRoot, AtFlags.SymlinkNoFollow, StatxBuffer.BasicStats, out var stat) == 0 && stat.IsMountRoot;

    /// <summary>
    /// Packs the workspace into <paramref name="destination"/> as a gzip-compressed tar (files, directories, symlinks
    /// that stay inside), safe against sandboxed code changing it meanwhile. Blocking: run it off a request thread.
    /// </summary>
    public WorkspaceArchiveSummary WriteArchive(Stream destination) => new WorkspaceArchiveWriter(_resolver).Write(destination);

    /// <summary>
    /// Unpacks an untrusted archive made by <see cref="WriteArchive"/> into this (empty) workspace, within
    /// <paramref name="limits"/>; this file system's quota is not consulted (the limits are the cap).
    /// </summary>
    /// <exception cref="WorkspaceArchiveException">The archive is malformed, too large, or leads out; it may be half unpacked.</exception>
    public Task<WorkspaceArchiveSummary> ExtractArchiveAsync(Stream source, WorkspaceArchiveLimits limits, CancellationToken cancellationToken = default) =>
        new WorkspaceArchiveReader(this, _resolver, _owner, limits).ReadAsync(source, cancellationToken);

    private static bool IsAbsent(int errno) => errno is Errno.ENOENT or Errno.ENOTDIR;
}
