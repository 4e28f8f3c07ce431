using Sandcastle.Sandbox.Files.Native;

namespace Sandcastle.Sandbox.Files;

/// <summary>
/// Opens workspace paths with openat2 relative to the root directory, so the kernel (not string checks) keeps
/// every lookup beneath the root, even against symlinks swapped in concurrently.
/// </summary>
internal sealed class WorkspaceResolver(string rootPath)
{
    /// <summary>
    /// For caller paths: symlinks are followed only while they stay beneath the root (absolute ones and ones that
    /// climb above it fail with EXDEV); /proc magic links and mount crossings are refused.
    /// </summary>
    public const ResolveFlags Confined = ResolveFlags.Beneath | ResolveFlags.NoMagicLinks | ResolveFlags.NoXdev;

    /// <summary>For single components below an already-open directory (walks, deletes): no symlink at all.</summary>
    public const ResolveFlags NoSymlinks = Confined | ResolveFlags.NoSymlinks;

    public string RootPath { get; } = rootPath;

    /// <summary>The root itself is host configuration, trusted; it is re-opened per operation so a recreated workspace is picked up.</summary>
    public FileDescriptor OpenRoot()
    {
        var fd = FileSyscalls.OpenAt2(null, RootPath, OpenFlags.Path | OpenFlags.Directory, 0, ResolveFlags.None, out var errno);
        return fd ?? throw (errno == Errno.ENOENT
            ? new DirectoryNotFoundException($"The workspace directory '{RootPath}' does not exist.")
            : WorkspaceErrors.Throw(errno, $"Opening the workspace directory '{RootPath}'"));
    }

    public FileDescriptor? TryOpen(WorkspacePath path, ulong flags, uint mode, out int errno)
    {
        using var root = OpenRoot();
        return FileSyscalls.OpenAt2(root, path.IsRoot ? "." : path.Relative, flags, mode, Confined, out errno);
    }

    public FileDescriptor Open(WorkspacePath path, ulong flags, string operation) =>
        TryOpen(path, flags, 0, out var errno) ?? throw WorkspaceErrors.For(errno, path, operation);

    /// <summary>An O_PATH descriptor of the directory containing <paramref name="path"/>, for *at calls on its name.</summary>
    public FileDescriptor OpenParent(WorkspacePath path, string operation) =>
        TryOpen(path.Parent, OpenFlags.Path | OpenFlags.Directory, 0, out var errno)
        ?? throw (errno == Errno.EXDEV ? WorkspaceErrors.Escapes(path) : WorkspaceErrors.ForParent(errno, path, operation));

    /// <summary>A readable directory descriptor for one component of an open directory, refusing symlinks.</summary>
    public static FileDescriptor? TryOpenChildDirectory(FileDescriptor parent, string name, out int errno) =>
        FileSyscalls.OpenAt2(parent, name, OpenFlags.ReadOnly | OpenFlags.Directory | OpenFlags.NoFollow, 0, NoSymlinks, out errno);
}
