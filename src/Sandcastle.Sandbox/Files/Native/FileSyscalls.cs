using System.Runtime.InteropServices;
using System.Text;

namespace Sandcastle.Sandbox.Files.Native;

/// <summary>The *at(2) family used to act on the workspace through descriptors instead of host paths.</summary>
internal static unsafe partial class FileSyscalls
{
    // openat2 has no glibc wrapper; 437 is its number on every architecture (unified syscall table).
    private const long SysOpenat2 = 437;
    private const int MaxRetries = 64;

    /// <summary>openat2(2); returns the descriptor or sets <paramref name="errno"/> and returns null.</summary>
    public static FileDescriptor? OpenAt2(SafeHandle? directory, string path, ulong flags, uint mode, ResolveFlags resolve, out int errno)
    {
        var how = new OpenHow { Flags = flags | OpenFlags.CloseOnExec, Mode = mode, Resolve = (ulong)resolve };
        var bytes = NullTerminated(path);
        var added = false;
        try
        {
            directory?.DangerousAddRef(ref added);
            long dirfd = directory is null ? AtFlags.CurrentDirectory : (int)directory.DangerousGetHandle();
            for (var attempt = 0; ; attempt++)
            {
                long fd;
                fixed (byte* p = bytes)
                    fd = Syscall(SysOpenat2, dirfd, p, &how, (nuint)sizeof(OpenHow));
                if (fd >= 0)
                {
                    errno = 0;
                    return new FileDescriptor((int)fd);
                }
                errno = Marshal.GetLastPInvokeError();
                // EAGAIN: a concurrent rename/mount raced a scoped lookup; the kernel asks us to retry.
                if ((errno != Errno.EAGAIN && errno != Errno.EINTR) || attempt >= MaxRetries)
                    return null;
            }
        }
        finally
        {
            if (added)
                directory!.DangerousRelease();
        }
    }

    public static int LastError() => Marshal.GetLastPInvokeError();

    private static byte[] NullTerminated(string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long dirfd, byte* path, OpenHow* how, nuint size);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MkdirAt(SafeHandle directory, string name, uint mode);

    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int UnlinkAt(SafeHandle directory, string name, int flags);

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RenameAt2(SafeHandle fromDirectory, string fromName, SafeHandle toDirectory, string toName, uint flags);

    /// <summary>renameat2 on raw descriptors (AT_FDCWD); used by tests to swap paths atomically.</summary>
    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RenameAt2(int fromDirectory, string fromName, int toDirectory, string toName, uint flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(SafeHandle directory, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int directory, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport("libc", EntryPoint = "fchown", SetLastError = true)]
    public static partial int Fchown(SafeHandle fd, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    public static partial int Fchmod(SafeHandle fd, uint mode);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int Ftruncate(SafeHandle fd, long length);

    [LibraryImport("libc", EntryPoint = "getdents64", SetLastError = true)]
    public static partial nint Getdents64(SafeHandle fd, byte* buffer, nuint count);
}
