using System.Runtime.InteropServices;
using Sandcastle.Sandbox.Files.Native;

namespace Sandcastle.Sandbox.Files;

/// <summary>Who owns what the host creates in a workspace, so sandboxed code can modify it.</summary>
internal sealed record WorkspaceOwner(int Uid, int Gid)
{
    public const UnixFileMode DefaultFileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public const UnixFileMode DefaultDirectoryMode = DefaultFileMode
        | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>Only rwx bits: the host never hands out setuid/setgid/sticky files.</summary>
    private const uint PermissionBits = 0x1FF;

    /// <summary>fchown + fchmod on the descriptor itself, so no path is re-resolved.</summary>
    public void Apply(SafeHandle fd, UnixFileMode? mode, WorkspacePath path)
    {
        var stat = WorkspaceStat.Of(fd);
        if ((stat.Uid != (uint)Uid || stat.Gid != (uint)Gid) && FileSyscalls.Fchown(fd, (uint)Uid, (uint)Gid) != 0)
        {
            var errno = FileSyscalls.LastError();
            // An unprivileged host (dev mode) cannot give files away; its sandboxes run as the same user anyway.
            if (errno != Errno.EPERM || Environment.IsPrivilegedProcess)
                throw WorkspaceErrors.For(errno, path, "change the owner of");
        }
        if (mode is { } bits && FileSyscalls.Fchmod(fd, (uint)bits & PermissionBits) != 0)
            throw WorkspaceErrors.For(FileSyscalls.LastError(), path, "change the mode of");
    }
}
