using System.Runtime.InteropServices;

namespace Sandcastle.Sandbox.Native;

internal static partial class Libc
{
    public const int SIGKILL = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

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
