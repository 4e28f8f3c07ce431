using System.Runtime.InteropServices;
using System.Text;

namespace Sandcastle.Sandbox.Files.Native;

/// <summary>Symlink calls relative to an open directory, for archiving and restoring workspaces.</summary>
internal static unsafe partial class FileSyscalls
{
    private const int MaxLinkBytes = 4096;

    /// <summary>readlinkat(2) on one name of an open directory; null (errno set) when it is not a readable link.</summary>
    public static string? ReadLinkAt(SafeHandle directory, string name, out int errno)
    {
        var buffer = new byte[MaxLinkBytes];
        nint length;
        fixed (byte* p = buffer)
            length = ReadLinkAtRaw(directory, name, p, (nuint)buffer.Length);
        if (length < 0)
        {
            errno = LastError();
            return null;
        }
        errno = 0;
        return Encoding.UTF8.GetString(buffer, 0, (int)length);
    }

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint ReadLinkAtRaw(SafeHandle directory, string name, byte* buffer, nuint size);

    [LibraryImport("libc", EntryPoint = "symlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SymlinkAt(string target, SafeHandle directory, string name);

    [LibraryImport("libc", EntryPoint = "fchownat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FchownAt(SafeHandle directory, string name, uint uid, uint gid, int flags);
}
