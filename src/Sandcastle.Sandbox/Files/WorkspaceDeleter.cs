using Sandcastle.Sandbox.Files.Native;

namespace Sandcastle.Sandbox.Files;

/// <summary>
/// Deletes with unlinkat relative to open directory descriptors. unlinkat never follows the name it removes, and
/// subdirectories are entered with symlinks refused, so a symlink anywhere in the tree is removed as a link, never traversed.
/// </summary>
internal static class WorkspaceDeleter
{
    /// <summary>
    /// Moves a directory nested too deep to walk out of the way (see <see cref="Trash"/>); true when it is gone from
    /// <paramref name="parent"/>. Without one, such a tree is an error.
    /// </summary>
    public delegate bool TooDeep(FileDescriptor parent, string name);

    private const string Operation = "delete";

    // Sandboxed code may keep refilling a directory while we empty it; give up instead of looping forever.
    private const int MaxAttempts = 16;

    public static void Delete(WorkspaceResolver resolver, WorkspacePath path, bool recursive)
    {
        using var parent = resolver.OpenParent(path, Operation);
        var name = path.Name;
        if (FileSyscalls.UnlinkAt(parent, name, 0) == 0)
            return;
        var errno = FileSyscalls.LastError();
        if (errno != Errno.EISDIR)
            throw WorkspaceErrors.For(errno, path, Operation);
        if (recursive)
        {
            RemoveDirectory(parent, name, path, depth: 0, tooDeep: null);
            return;
        }
        if (FileSyscalls.UnlinkAt(parent, name, AtFlags.RemoveDirectory) == 0)
            return;
        errno = FileSyscalls.LastError();
        throw errno is Errno.ENOTEMPTY or Errno.EEXIST
            ? new IOException($"Directory '{path}' is not empty; delete it recursively to remove its contents.")
            : WorkspaceErrors.For(errno, path, Operation);
    }

    /// <summary>Deletes <paramref name="name"/> in an open directory, recursively, never following a symlink.</summary>
    public static void DeleteEntry(FileDescriptor directory, string name, TooDeep? tooDeep) =>
        RemoveEntry(directory, name, WorkspacePath.Parse(name), depth: 0, tooDeep);

    private static void RemoveEntry(FileDescriptor directory, string name, WorkspacePath path, int depth, TooDeep? tooDeep)
    {
        if (FileSyscalls.UnlinkAt(directory, name, 0) == 0)
            return;
        var errno = FileSyscalls.LastError();
        if (errno == Errno.ENOENT)
            return;
        if (errno != Errno.EISDIR)
            throw WorkspaceErrors.For(errno, path, Operation);
        RemoveDirectory(directory, name, path, depth, tooDeep);
    }

    private static void RemoveDirectory(FileDescriptor parent, string name, WorkspacePath path, int depth, TooDeep? tooDeep)
    {
        if (depth > WorkspaceWalker.MaxDepth && tooDeep?.Invoke(parent, name) == true)
            return;
        if (depth > WorkspaceWalker.MaxDepth)
            throw new WorkspaceTooDeepException(path);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (FileSyscalls.UnlinkAt(parent, name, AtFlags.RemoveDirectory) == 0)
                return;
            var errno = FileSyscalls.LastError();
            switch (errno)
            {
                case Errno.ENOENT:
                    return;
                case Errno.ENOTDIR:
                    // Swapped for a file or symlink since: unlink that instead (or retry if it flipped back).
                    if (FileSyscalls.UnlinkAt(parent, name, 0) == 0)
                        return;
                    errno = FileSyscalls.LastError();
                    if (errno == Errno.ENOENT)
                        return;
                    if (errno != Errno.EISDIR)
                        throw WorkspaceErrors.For(errno, path, Operation);
                    break;
                case Errno.ENOTEMPTY or Errno.EEXIST:
                    using (var child = WorkspaceResolver.TryOpenChildDirectory(parent, name, out _))
                    {
                        if (child is not null)
                            foreach (var childName in DirectoryReader.ReadNames(child))
                                RemoveEntry(child, childName, path.Combine(childName), depth + 1, tooDeep);
                    }
                    break;
                default:
                    throw WorkspaceErrors.For(errno, path, Operation);
            }
        }
        throw new IOException($"Directory '{path}' kept changing while it was being deleted.");
    }
}
