using Sandcastle.Sandbox.Files.Native;

namespace Sandcastle.Sandbox.Files;

/// <summary>mkdir -p, one mkdirat per component inside a parent opened with openat2.</summary>
internal sealed class WorkspaceDirectories(WorkspaceResolver resolver, WorkspaceOwner owner)
{
    private const string Operation = "create directory";

    // Created owner-only, then fchown/fchmod'ed through a descriptor, so the umask never decides the final mode.
    private const uint InitialMode = 0x1C0;

    public void Create(WorkspacePath path, UnixFileMode? mode)
    {
        if (IsDirectory(path))
            return;
        var current = WorkspacePath.Root;
        foreach (var segment in path.Relative.Split('/'))
        {
            current = current.Combine(segment);
            CreateOne(current, current == path ? mode ?? WorkspaceOwner.DefaultDirectoryMode : WorkspaceOwner.DefaultDirectoryMode);
        }
        if (!IsDirectory(path))
            throw new IOException($"'{path}' exists and is not a directory.");
    }

    /// <summary>Existing directories (also through symlinks that stay inside) satisfy mkdir -p.</summary>
    private bool IsDirectory(WorkspacePath path)
    {
        using var existing = resolver.TryOpen(path, OpenFlags.Path | OpenFlags.Directory, 0, out var errno);
        if (existing is not null)
            return true;
        return errno is Errno.ENOENT or Errno.ENOTDIR ? false : throw WorkspaceErrors.For(errno, path, Operation);
    }

    private void CreateOne(WorkspacePath path, UnixFileMode mode)
    {
        using var parent = resolver.OpenParent(path, Operation);
        if (FileSyscalls.MkdirAt(parent, path.Name, InitialMode) != 0)
        {
            var errno = FileSyscalls.LastError();
            // Something already there: a directory is fine; anything else fails at the next component or the final check.
            if (errno == Errno.EEXIST)
                return;
            throw WorkspaceErrors.For(errno, path, Operation);
        }
        using var created = WorkspaceResolver.TryOpenChildDirectory(parent, path.Name, out var openErrno)
            ?? throw WorkspaceErrors.For(openErrno, path, Operation);
        owner.Apply(created, mode, path);
    }
}
