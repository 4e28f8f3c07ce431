namespace Sandcastle.Sandbox.Isolation;

/// <summary>
/// The layout of the data root on the host:
/// <c>sandboxes/&lt;id&gt;/workspace</c> (bound at /workspace), <c>run/&lt;exec&gt;</c> (snippets),
/// <c>etc/</c> (the passwd and group files the sandbox sees), <c>trash/</c> (sandboxes being deleted),
/// <c>volumes/</c> (the mount points of workspaces that are file systems of their own).
/// </summary>
internal sealed class SandboxHostPaths(string root, string? cacheDirectory)
{
    public string Root { get; } = root;

    public string SandboxesDirectory => Path.Combine(Root, "sandboxes");

    public string RunDirectory => Path.Combine(Root, "run");

    public string EtcDirectory => Path.Combine(Root, "etc");

    /// <summary>Mount points of workspace volumes (0711: reachable by name, never listed), bound into the fork server.</summary>
    public string VolumesDirectory => Path.Combine(Root, "volumes");

    /// <summary>Root-only (0700): destroyed sandboxes' directories, moved out of every sandbox's reach before deletion.</summary>
    public string TrashDirectory => Path.Combine(Root, "trash");

    /// <summary>Caches derived on the host (the font list, the compiled seccomp filter), shareable between data roots.</summary>
    public string CacheDirectory { get; } = cacheDirectory ?? Path.Combine(root, "cache");

    public string MatplotlibCacheDirectory => Path.Combine(CacheDirectory, "matplotlib");

    public string PasswdFile => Path.Combine(EtcDirectory, "passwd");

    public string GroupFile => Path.Combine(EtcDirectory, "group");

    public string SandboxDirectory(string id) => Path.Combine(SandboxesDirectory, id);

    public string Workspace(string id) => Path.Combine(SandboxDirectory(id), "workspace");

    /// <summary>A named sandbox's ext4 image (root-only), when its workspace is a volume.</summary>
    public string WorkspaceImage(string id) => Path.Combine(SandboxDirectory(id), Volumes.WorkspaceVolumes.ImageFileName);

    /// <summary>Whether the sandbox has a workspace on disk: a directory, or an image.</summary>
    public bool HasWorkspace(string id) => Directory.Exists(Workspace(id)) || File.Exists(WorkspaceImage(id));

    /// <summary>Creates the layout. Directories are 0711 so the sandbox uid can reach what is bound for it and list nothing.</summary>
    public void Initialize(int uid)
    {
        const UnixFileMode traverseOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        foreach (var directory in new[] { Root, SandboxesDirectory, RunDirectory, EtcDirectory, VolumesDirectory })
        {
            Directory.CreateDirectory(directory);
            File.SetUnixFileMode(directory, traverseOnly);
        }
        Directory.CreateDirectory(CacheDirectory);
        File.WriteAllText(PasswdFile, $"root:x:0:0:root:/root:/usr/sbin/nologin\nsandbox:x:{uid}:{uid}:sandbox:/tmp:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        File.WriteAllText(GroupFile, $"root:x:0:\nsandbox:x:{uid}:\nnogroup:x:65534:\n");
        foreach (var file in new[] { PasswdFile, GroupFile })
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }
}
