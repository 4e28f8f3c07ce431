using Sandcastle.Sandbox.Native;

namespace Sandcastle.Sandbox.Isolation;

/// <summary>
/// .NET opens every descriptor close-on-exec, but descriptors this process inherited (a parent's pipes, a make
/// jobserver, a CI runner's log fd) or that native code opened without the flag pass through every exec: through
/// the launcher, setpriv and bwrap into the sandbox. Marking them close-on-exec before each launch keeps the
/// sandbox to stdin, stdout and stderr. This process keeps using them; only its children lose them.
/// </summary>
internal static class InheritedDescriptors
{
    public static void MarkCloseOnExec()
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var fd) || fd <= 2)
                continue;
            var flags = Libc.Fcntl(fd, Libc.F_GETFD, 0);
            // -1: the descriptor was closed meanwhile (the enumeration's own, or another thread's).
            if (flags >= 0 && (flags & Libc.FD_CLOEXEC) == 0)
                Libc.Fcntl(fd, Libc.F_SETFD, flags | Libc.FD_CLOEXEC);
        }
    }
}
