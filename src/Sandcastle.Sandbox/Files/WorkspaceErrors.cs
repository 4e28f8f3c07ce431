using System.Runtime.InteropServices;
using Sandcastle.Sandbox.Files.Native;

namespace Sandcastle.Sandbox.Files;

/// <summary>Turns errno from a workspace syscall into an exception that names the workspace path, never a host path.</summary>
internal static class WorkspaceErrors
{
    public static Exception For(int errno, WorkspacePath path, string operation) => errno switch
    {
        Errno.ENOENT => new FileNotFoundException($"'{path}' does not exist in the workspace.", path.Relative),
        Errno.EXDEV => Escapes(path),
        Errno.ELOOP => new WorkspacePathException(path.Relative, "it runs into too many levels of symlinks"),
        Errno.ENAMETOOLONG => new WorkspacePathException(path.Relative, "it is too long"),
        Errno.EEXIST => new IOException($"'{path}' already exists."),
        Errno.ENOTEMPTY => new IOException($"Directory '{path}' is not empty."),
        Errno.EISDIR => new IOException($"'{path}' is a directory."),
        Errno.ENOTDIR => new IOException($"'{path}' or one of its parents is not a directory."),
        Errno.ENXIO => NotRegularFile(path),
        Errno.EACCES or Errno.EPERM or Errno.EROFS => new UnauthorizedAccessException($"Cannot {operation} '{path}': {Describe(errno)}."),
        Errno.ENOSYS => new PlatformNotSupportedException("Workspace file access needs openat2 (Linux 5.6 or later)."),
        // The workspace's own file system is full (bytes or entries): the quota's word for it replaces this one.
        Errno.ENOSPC or Errno.EDQUOT => new IOException($"Cannot {operation} '{path}': {Describe(errno)}.", errno),
        _ => new IOException($"Cannot {operation} '{path}': {Describe(errno)}."),
    };

    /// <summary>ENOENT/ENOTDIR while opening a path's parent directory.</summary>
    public static Exception ForParent(int errno, WorkspacePath path, string operation) => errno switch
    {
        Errno.ENOENT => new DirectoryNotFoundException($"The parent directory of '{path}' does not exist in the workspace."),
        Errno.ENOTDIR => new IOException($"A parent of '{path}' is not a directory."),
        _ => For(errno, path, operation),
    };

    public static WorkspacePathException Escapes(WorkspacePath path) =>
        new(path.Relative, "it escapes the workspace (a symlink or mount point leads outside it)");

    /// <summary>Whether a write failed because the file system is full (ours, or .NET's own IOException for it).</summary>
    public static bool IsNoSpace(IOException exception) =>
        exception is not WorkspaceQuotaExceededException && exception.HResult is Errno.ENOSPC or Errno.EDQUOT;

    public static IOException NotRegularFile(WorkspacePath path) => new($"'{path}' is not a regular file.");

    public static IOException Throw(int errno, string what) => new($"{what} failed: {Describe(errno)}.");

    private static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
}
