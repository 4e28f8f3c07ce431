using System.Runtime.InteropServices;

namespace Sandcastle.Sandbox.Native;

internal static partial class Libc
{
    public const int SIGKILL = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    public const int F_GETFD = 1;

    public const int F_SETFD = 2;

    public const int FD_CLOEXEC = 1;

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "getuid")]
    public static partial uint GetUid();

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChownNative(string path, int owner, int group);

    public static void Chown(string path, int owner, int group)
    {
        if (ChownNative(path, owner, group) != 0)
            throw new IOException($"chown {path} failed: errno {Marshal.GetLastPInvokeError()}");
    }
}
