using Sandcastle.Sandbox.Files.Native;

namespace Sandcastle.Sandbox.Files;

/// <summary>renameat2 between two parents opened with openat2; the names themselves are never followed.</summary>
internal static class WorkspaceMover
{
    private const string Operation = "move";

    public static void Move(WorkspaceResolver resolver, WorkspacePath from, WorkspacePath to, bool overwrite)
    {
        using var fromParent = resolver.OpenParent(from, Operation);
        using var toParent = resolver.OpenParent(to, Operation);
        var flags = overwrite ? 0 : AtFlags.RenameNoReplace;
        if (FileSyscalls.RenameAt2(fromParent, from.Name, toParent, to.Name, flags) == 0)
            return;
        var errno = FileSyscalls.LastError();
        throw errno switch
        {
            Errno.ENOENT => new FileNotFoundException($"'{from}' does not exist in the workspace.", from.Relative),
            Errno.EEXIST when !overwrite => new IOException($"'{to}' already exists; move with overwrite to replace it."),
            Errno.EEXIST or Errno.ENOTEMPTY => new IOException($"'{to}' is a directory that is not empty."),
            Errno.EISDIR => new IOException($"Cannot replace directory '{to}' with the non-directory '{from}'."),
            Errno.ENOTDIR => new IOException($"Cannot replace '{to}' with directory '{from}': '{to}' is not a directory."),
            Errno.EINVAL => new IOException($"Cannot move '{from}' to '{to}': a directory cannot move into itself."),
            Errno.EXDEV => new IOException($"Cannot move '{from}' to '{to}': they are on different file systems."),
            _ => WorkspaceErrors.For(errno, from, Operation),
        };
    }
}
