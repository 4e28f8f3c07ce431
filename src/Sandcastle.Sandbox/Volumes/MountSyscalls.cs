using System.Runtime.InteropServices;

namespace Sandcastle.Sandbox.Volumes;

/// <summary>mount(2), umount2(2) and statvfs(3): the few calls a workspace volume needs, without a process each.</summary>
internal static unsafe partial class MountSyscalls
{
    public const ulong NoSuid = 0x2;
    public const ulong NoDev = 0x4;
    public const ulong Remount = 0x20;
    public const ulong Bind = 0x1000;
    public const ulong Private = 1 << 18;
    public const ulong Shared = 1 << 20;
    public const int Detach = 2;

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MountNative(string? source, string target, string? type, ulong flags, string? data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Umount2Native(string target, int flags);

    [LibraryImport("libc", EntryPoint = "statvfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatvfsNative(string path, out StatvfsBuffer buffer);

    public static void Mount(string? source, string target, string? type, ulong flags, string? data)
    {
        if (MountNative(source, target, type, flags, data) != 0)
            throw new IOException($"mount {type ?? source ?? "(flags)"} on {target} failed: {Describe(Marshal.GetLastPInvokeError())}");
    }

    /// <summary>Unmounts; a mount still in use (a process slipped in before the kill) is detached lazily instead.</summary>
    public static void Unmount(string target)
    {
        if (Umount2Native(target, 0) == 0)
            return;
        var errno = Marshal.GetLastPInvokeError();
        if (errno == 16 && Umount2Native(target, Detach) == 0)
            return;
        throw new IOException($"umount {target} failed: {Describe(errno == 16 ? Marshal.GetLastPInvokeError() : errno)}");
    }

    public static StatvfsBuffer Statvfs(string path) =>
        StatvfsNative(path, out var buffer) == 0
            ? buffer
            : throw new IOException($"statvfs {path} failed: {Describe(Marshal.GetLastPInvokeError())}");

    private static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
}

/// <summary>struct statvfs on 64-bit Linux (glibc and musl agree): eleven 64-bit words, then spare ints.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct StatvfsBuffer
{
    public ulong BlockSize;
    public ulong FragmentSize;
    public ulong Blocks;
    public ulong FreeBlocks;
    public ulong AvailableBlocks;
    public ulong Files;
    public ulong FreeFiles;
    public ulong AvailableFiles;
    public ulong FileSystemId;
    public ulong Flags;
    public ulong NameMax;
    private unsafe fixed int _spare[6];
}
