namespace Sandcastle.Sandbox.Volumes;

/// <summary>
/// A sandbox's workspace as a file system of its own, so the kernel enforces its quota: a tmpfs (ephemeral
/// sandboxes) or a loop-mounted ext4 image (named ones), mounted at <see cref="MountPoint"/> under the data root's
/// volumes directory, named by a keyed hash of the sandbox id (executions never learn other sandboxes' ids).
/// </summary>
internal sealed class WorkspaceVolume(string sandboxId, string name, string mountPoint, string? imagePath)
{
    public string SandboxId { get; } = sandboxId;

    /// <summary>The mount point's name in the volumes directory (what the fork server is told to bind).</summary>
    public string Name { get; } = name;

    public string MountPoint { get; } = mountPoint;

    /// <summary>The ext4 image behind it; null for a tmpfs.</summary>
    public string? ImagePath { get; } = imagePath;

    public bool IsImage => ImagePath is not null;

    /// <summary>One statvfs: what it holds now, whatever the number of files.</summary>
    public VolumeUsage Measure() => VolumeUsage.Of(MountPoint);
}
