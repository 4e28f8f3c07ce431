using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Sandcastle.Sandbox.Volumes;

/// <summary>
/// Mounts, resizes and unmounts the workspaces' own file systems under <c>&lt;data root&gt;/volumes</c>. That
/// directory is a shared mount (a bind of itself): the fork server's container binds it once, and every volume
/// mounted later propagates into it. One engine per data root owns the mounts (it holds <c>volumes.lock</c>): it
/// clears what a crash left at start and unmounts everything when disposed. Another engine on the same data root
/// (the CLI next to a server) uses the mounts it finds and leaves them.
/// </summary>
internal sealed class WorkspaceVolumes : IDisposable
{
    public const string ImageFileName = "workspace.img";
    private const string StagingImageFileName = "restoring.img";
    private const string StagingSuffix = "-restoring";
    private const UnixFileMode RootOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly string _directory;
    private readonly byte[] _key;
    private readonly VolumeTools _tools;
    private readonly int _uid;
    private readonly FileStream? _ownership;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();

    private WorkspaceVolumes(string root, string directory, VolumeTools tools, int uid, ILogger logger)
    {
        _directory = directory;
        _tools = tools;
        _uid = uid;
        _logger = logger;
        _key = ReadOrCreateKey(Path.Combine(root, "volumes.key"));
        _ownership = TryOwn(Path.Combine(root, "volumes.lock"));
        if (_ownership is not null)
        {
            var left = UnmountBeneath(_directory, includeDirectory: true);
            if (left > 0)
                _logger.LogInformation("Unmounted {Count} workspace volumes a previous run left mounted", left);
        }
        if (!MountTable.IsMountPoint(_directory))
        {
            // A peer group of its own: volumes propagate into the fork server's container, and nowhere else.
            MountSyscalls.Mount(_directory, _directory, null, MountSyscalls.Bind, null);
            MountSyscalls.Mount(null, _directory, null, MountSyscalls.Private, null);
            MountSyscalls.Mount(null, _directory, null, MountSyscalls.Shared, null);
        }
    }

    /// <summary>The volumes, or null with the reason the kernel cannot enforce quotas here (the watcher does then).</summary>
    public static WorkspaceVolumes? Open(string root, string directory, int uid, bool privileged, bool enabled, ILogger logger, out string? unavailable)
    {
        unavailable = !enabled ? "turned off (Sandbox:KernelWorkspaceQuota = false)"
            : !privileged ? "the server is not root (a file system per workspace needs mount)"
            : !File.Exists("/dev/loop-control") ? "there are no loop devices (/dev/loop-control is missing)"
            : null;
        if (unavailable is not null)
            return null;
        var tools = VolumeTools.Find(out var missing);
        if (tools is null)
        {
            unavailable = $"{missing} is not installed (e2fsprogs, util-linux)";
            return null;
        }
        try
        {
            return new WorkspaceVolumes(root, directory, tools, uid, logger);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            unavailable = $"the volumes directory could not be prepared: {e.Message}";
            return null;
        }
    }

    /// <summary>The mount point's name for a sandbox: a keyed hash, so mount tables never show sandbox ids.</summary>
    public string NameFor(string sandboxId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(sandboxId)))[..32];

    public string MountPointFor(string sandboxId) => Path.Combine(_directory, NameFor(sandboxId));

    /// <summary>An ephemeral sandbox's workspace: a tmpfs of the quota's size and entry count, owned by the sandbox uid.</summary>
    public WorkspaceVolume MountTmpfs(string sandboxId, long quotaBytes)
    {
        var mountPoint = MountPointFor(sandboxId);
        return MountTmpfsAt(sandboxId, NameFor(sandboxId), mountPoint, quotaBytes);
    }

    /// <summary>
    /// A named sandbox's workspace: its image (made now, sparse, when there is none), mounted unless it already is.
    /// Making one runs mkfs (tens of milliseconds): on the sandbox's creation, never on an execution.
    /// </summary>
    public WorkspaceVolume OpenImage(string sandboxId, string sandboxDirectory, long quotaBytes)
    {
        var name = NameFor(sandboxId);
        var mountPoint = Path.Combine(_directory, name);
        var image = Path.Combine(sandboxDirectory, ImageFileName);
        // One at a time: two first uses of a sandbox at once must not both make (or mount) its image.
        lock (_gate)
        {
            if (!MountTable.IsMountPoint(mountPoint))
            {
                CreateMountPoint(mountPoint);
                if (File.Exists(image))
                    MountImage(image, mountPoint);
                else
                    CreateImage(image, mountPoint, quotaBytes);
            }
        }
        return new WorkspaceVolume(sandboxId, name, mountPoint, image);
    }

    /// <summary>Unmounts a sandbox's volume if it is mounted (lazily when still busy) and removes its mount point.</summary>
    public void Release(string sandboxId)
    {
        var mountPoint = MountPointFor(sandboxId);
        foreach (var point in new[] { mountPoint + StagingSuffix, mountPoint })
        {
            if (MountTable.IsMountPoint(point))
                MountSyscalls.Unmount(point);
            RemoveMountPoint(point);
        }
    }

    /// <summary>
    /// Fits the volume to a new quota. Below what the workspace holds it stays as it is: the quota check then refuses
    /// runs until files are deleted (a server whose default quota was lowered must still wake every sandbox; the
    /// API refuses such a change when a caller asks for it). A tmpfs is remounted with the new size. An image is resized offline (unmounted, resize2fs, mounted again: online resizing needs
    /// CAP_SYS_RESOURCE, which containers often lack), so the caller makes sure no execution has it mounted.
    /// </summary>
    public void Resize(WorkspaceVolume volume, long quotaBytes)
    {
        var usage = volume.Measure();
        if (usage.UsedBytes > quotaBytes)
            return;
        if (!volume.IsImage)
        {
            MountSyscalls.Mount(null, volume.MountPoint, null, MountSyscalls.Remount | MountSyscalls.NoSuid | MountSyscalls.NoDev, TmpfsOptions(quotaBytes));
            return;
        }
        var missing = quotaBytes - usage.CapacityBytes;
        if (Math.Abs(missing) <= VolumeSizing.Tolerance(quotaBytes) && missing <= 0)
            return;
        lock (_gate)
        {
            MountSyscalls.Unmount(volume.MountPoint);
            try
            {
                for (var pass = 0; pass < 3 && (pass == 0 || missing > 0); pass++)
                {
                    var image = new FileInfo(volume.ImagePath!);
                    var size = VolumeSizing.RoundUp(image.Length + missing + Math.Max(0, missing / 32), 4096);
                    if (size > image.Length)
                    {
                        using var file = new FileStream(image.FullName, FileMode.Open, FileAccess.Write);
                        file.SetLength(size);
                    }
                    // -f: it was unmounted cleanly a moment ago (e2fsck would only bring lost+found back).
                    VolumeTools.Run(_tools.Resize2fs, "-f", image.FullName, $"{size / 1024}K");
                    MountImage(image.FullName, volume.MountPoint);
                    missing = quotaBytes - volume.Measure().CapacityBytes;
                    if (missing > 0 && pass < 2)
                        MountSyscalls.Unmount(volume.MountPoint);
                }
            }
            finally
            {
                if (!MountTable.IsMountPoint(volume.MountPoint))
                    MountImage(volume.ImagePath!, volume.MountPoint);
            }
        }
    }

    /// <summary>A fresh empty volume like <paramref name="live"/>, for a restore to fill before it takes the live one's place.</summary>
    public WorkspaceVolume Stage(WorkspaceVolume live, long quotaBytes)
    {
        var mountPoint = live.MountPoint + StagingSuffix;
        if (MountTable.IsMountPoint(mountPoint))
            MountSyscalls.Unmount(mountPoint);
        if (!live.IsImage)
            return MountTmpfsAt(live.SandboxId, live.Name + StagingSuffix, mountPoint, quotaBytes);
        var image = Path.Combine(Path.GetDirectoryName(live.ImagePath)!, StagingImageFileName);
        CreateMountPoint(mountPoint);
        CreateImage(image, mountPoint, quotaBytes);
        return new WorkspaceVolume(live.SandboxId, live.Name + StagingSuffix, mountPoint, image);
    }

    /// <summary>The staged volume takes the live one's mount point (and image name); the old one is unmounted.</summary>
    public void Commit(WorkspaceVolume live, WorkspaceVolume staged)
    {
        MountSyscalls.Unmount(live.MountPoint);
        MountSyscalls.Mount(staged.MountPoint, live.MountPoint, null, MountSyscalls.Bind, null);
        MountSyscalls.Unmount(staged.MountPoint);
        RemoveMountPoint(staged.MountPoint);
        if (staged.IsImage)
            File.Move(staged.ImagePath!, live.ImagePath!, overwrite: true);
    }

    /// <summary>Throws a staged volume away (a refused restore).</summary>
    public void Discard(WorkspaceVolume staged)
    {
        if (MountTable.IsMountPoint(staged.MountPoint))
            MountSyscalls.Unmount(staged.MountPoint);
        RemoveMountPoint(staged.MountPoint);
        if (staged.IsImage)
            File.Delete(staged.ImagePath!);
    }

    /// <summary>The owner unmounts every volume (images stay, and are mounted again on next use).</summary>
    public void Dispose()
    {
        if (_ownership is null)
            return;
        try
        {
            UnmountBeneath(_directory, includeDirectory: true);
        }
        catch (IOException e)
        {
            _logger.LogWarning("Could not unmount every workspace volume: {Error}", e.Message);
        }
        _ownership.Dispose();
    }

    private WorkspaceVolume MountTmpfsAt(string sandboxId, string name, string mountPoint, long quotaBytes)
    {
        CreateMountPoint(mountPoint);
        MountSyscalls.Mount("tmpfs", mountPoint, "tmpfs", MountSyscalls.NoSuid | MountSyscalls.NoDev, TmpfsOptions(quotaBytes) + $",mode=0700,uid={_uid},gid={_uid}");
        return new WorkspaceVolume(sandboxId, name, mountPoint, null);
    }

    private static string TmpfsOptions(long quotaBytes) =>
        string.Create(CultureInfo.InvariantCulture, $"size={quotaBytes},nr_inodes={VolumeSizing.Inodes(quotaBytes)}");

    /// <summary>
    /// mkfs.ext4 on a sparse file, mounted, then made again once with the size corrected so that what is free in
    /// the fresh file system is the quota (ext4's metadata and reserve vary with size).
    /// </summary>
    private void CreateImage(string image, string mountPoint, long quotaBytes)
    {
        var size = VolumeSizing.FirstImageSize(quotaBytes);
        for (var attempt = 0; ; attempt++)
        {
            MakeFileSystem(image, size, quotaBytes);
            MountImage(image, mountPoint);
            var free = MountSyscalls.Statvfs(mountPoint);
            var available = (long)(free.AvailableBlocks * free.FragmentSize);
            var excess = available - quotaBytes;
            if (attempt == 2 || (excess >= 0 && excess <= VolumeSizing.Tolerance(quotaBytes)))
                break;
            MountSyscalls.Unmount(mountPoint);
            size = VolumeSizing.RoundUp(size - excess + (excess < 0 ? (long)free.FragmentSize * 4 - excess / 16 : 0), 4096);
        }
        // mke2fs's lost+found would be the workspace's first entry; e2fsck makes it again if it ever needs one.
        var lostAndFound = Path.Combine(mountPoint, "lost+found");
        if (Directory.Exists(lostAndFound))
            Directory.Delete(lostAndFound);
        File.SetUnixFileMode(mountPoint, RootOnly);
    }

    private void MakeFileSystem(string image, long size, long quotaBytes)
    {
        // A new file, not the old one truncated: a loop device still detaching from the old file system would match
        // the same inode, and mount(8) reuses such a device, with the old file system's blocks in its cache.
        File.Delete(image);
        using (var file = new FileStream(image, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            file.SetLength(size);
        File.SetUnixFileMode(image, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var uid = _uid.ToString(CultureInfo.InvariantCulture);
        // No journal: a workspace is scratch space, and the journal would take a slice of a small quota.
        VolumeTools.Run(_tools.Mkfs, "-q", "-F", "-O", "^has_journal", "-m", "0",
            "-N", VolumeSizing.Inodes(quotaBytes).ToString(CultureInfo.InvariantCulture),
            "-E", $"root_owner={uid}:{uid},nodiscard", image);
    }

    private void MountImage(string image, string mountPoint)
    {
        // An image unmounted a moment ago (a resize, a correcting mkfs) may still have its loop device, detaching in
        // the background: mount(8) would reuse it, with what it cached of the image before. Wait for it to go.
        LoopDevices.WaitUntilDetached(image, TimeSpan.FromSeconds(2));
        // noinit_itable: the kernel would otherwise zero the inode tables in the background and un-sparse the image.
        VolumeTools.Run(_tools.MountProgram, "-t", "ext4", "-o", "loop,nosuid,nodev,noinit_itable", image, mountPoint);
    }

    private static void CreateMountPoint(string mountPoint)
    {
        Directory.CreateDirectory(mountPoint);
        File.SetUnixFileMode(mountPoint, RootOnly);
    }

    private static void RemoveMountPoint(string mountPoint)
    {
        try
        {
            if (Directory.Exists(mountPoint))
                Directory.Delete(mountPoint);
        }
        catch (IOException)
        {
            // Still a (lazily detached) mount point, or not empty: the next start clears it.
        }
    }

    private static int UnmountBeneath(string directory, bool includeDirectory)
    {
        var points = MountTable.Beneath(directory);
        foreach (var point in points)
        {
            MountSyscalls.Unmount(point);
            RemoveMountPoint(point);
        }
        if (includeDirectory)
        {
            while (MountTable.IsMountPoint(directory))
                MountSyscalls.Unmount(directory);
        }
        return points.Count;
    }

    private static FileStream? TryOwn(string lockFile)
    {
        try
        {
            // FileShare.None is an exclusive flock on Linux: held for the engine's life, released by a crash too.
            return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static byte[] ReadOrCreateKey(string path)
    {
        if (File.Exists(path) && File.ReadAllBytes(path) is { Length: 32 } existing)
            return existing;
        var key = RandomNumberGenerator.GetBytes(32);
        var temporary = path + ".new";
        File.WriteAllBytes(temporary, key);
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, path, overwrite: true);
        return key;
    }
}
