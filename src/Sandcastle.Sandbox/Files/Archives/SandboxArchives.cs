using Sandcastle.Sandbox.Files.Native;

namespace Sandcastle.Sandbox.Files.Archives;

/// <summary>Snapshots of a sandbox's workspace: pack it into an archive, or replace it with one.</summary>
public static class SandboxArchives
{
    private const string StagingName = "restoring";
    private const string ReplacedName = "replaced";

    /// <summary>Packs the workspace (off the caller's thread: it reads every file).</summary>
    public static Task<WorkspaceArchiveSummary> WriteArchiveAsync(this Sandbox sandbox, Stream destination, CancellationToken cancellationToken = default) =>
        Task.Run(() => sandbox.Files.WriteArchive(destination), cancellationToken);

    /// <summary>
    /// Replaces the workspace with an untrusted archive's content. It is unpacked into a fresh directory next to
    /// the workspace, and only a complete, accepted archive takes the workspace's place: a refused one leaves the
    /// workspace as it was. The caller stops the sandbox's processes first (they would keep the old directory).
    /// </summary>
    /// <exception cref="WorkspaceArchiveException">The archive was refused; the workspace is unchanged.</exception>
    public static async Task<WorkspaceArchiveSummary> RestoreArchiveAsync(
        this Sandbox sandbox, Stream archive, WorkspaceArchiveLimits limits, CancellationToken cancellationToken = default)
    {
        if (sandbox.Volume is { } volume)
            return await RestoreVolumeAsync(sandbox, volume, archive, limits, cancellationToken).ConfigureAwait(false);
        var workspace = sandbox.WorkspacePath;
        var sandboxDirectory = Path.GetDirectoryName(workspace)!;
        var staging = Path.Combine(sandboxDirectory, StagingName);
        var replaced = Path.Combine(sandboxDirectory, ReplacedName);
        if (sandbox.Limits.WorkspaceQuotaBytes > 0 && sandbox.Limits.WorkspaceQuotaBytes < limits.MaxBytes)
            limits = limits with { MaxBytes = sandbox.Limits.WorkspaceQuotaBytes };

        DeleteTree(staging);
        DeleteTree(replaced);
        var owner = CreateLike(staging, workspace);
        try
        {
            var files = new WorkspaceFileSystem(staging, (int)owner.Uid, (int)owner.Gid, long.MaxValue);
            var summary = await files.ExtractArchiveAsync(archive, limits, cancellationToken).ConfigureAwait(false);
            Directory.Move(workspace, replaced);
            Directory.Move(staging, workspace);
            DeleteTree(replaced);
            return summary;
        }
        catch
        {
            DeleteTree(staging);
            throw;
        }
    }

    /// <summary>
    /// A workspace that is a file system of its own is unpacked into a fresh one of the same kind and size, which
    /// then takes the old one's mount point: a refused archive leaves the workspace as it was, and the kernel's
    /// limits hold while unpacking.
    /// </summary>
    private static async Task<WorkspaceArchiveSummary> RestoreVolumeAsync(
        Sandbox sandbox, Volumes.WorkspaceVolume live, Stream archive, WorkspaceArchiveLimits limits, CancellationToken cancellationToken)
    {
        var quota = sandbox.Limits.WorkspaceQuotaBytes > 0 ? sandbox.Limits.WorkspaceQuotaBytes : live.Measure().CapacityBytes;
        if (quota < limits.MaxBytes)
            limits = limits with { MaxBytes = quota };
        var volumes = sandbox.Volumes!;
        var staged = volumes.Stage(live, quota);
        try
        {
            var files = new WorkspaceFileSystem(staged.MountPoint, sandbox.OwnerUid, sandbox.OwnerUid, long.MaxValue, staged);
            var summary = await files.ExtractArchiveAsync(archive, limits, cancellationToken).ConfigureAwait(false);
            volumes.Commit(live, staged);
            return summary;
        }
        catch
        {
            volumes.Discard(staged);
            throw;
        }
    }

    /// <summary>A new directory with the workspace's owner and mode (the sandbox user's, 0700).</summary>
    private static StatxBuffer CreateLike(string path, string workspace)
    {
        if (FileSyscalls.Statx(AtFlags.CurrentDirectory, workspace, AtFlags.SymlinkNoFollow, StatxBuffer.BasicStats, out var stat) != 0)
            throw new DirectoryNotFoundException($"The workspace directory '{workspace}' does not exist.");
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, (UnixFileMode)(stat.Mode & 0x1FF));
        if (Environment.IsPrivilegedProcess)
            Sandcastle.Sandbox.Native.Libc.Chown(path, (int)stat.Uid, (int)stat.Gid);
        return stat;
    }

    /// <summary>Deletes through descriptors (links removed, never followed), as the files API does.</summary>
    private static void DeleteTree(string path)
    {
        if (!Directory.Exists(path))
            return;
        var files = new WorkspaceFileSystem(path, 0, 0, long.MaxValue);
        foreach (var entry in files.List())
            files.Delete(entry.Path, recursive: true);
        Directory.Delete(path);
    }
}
