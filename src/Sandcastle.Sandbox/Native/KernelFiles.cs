using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace Sandcastle.Sandbox.Native;

/// <summary>
/// Reads and writes the kernel's small text files (cgroup controls, /proc) in three system calls: open, read or
/// write, close. Every execution's cgroup is made, set, measured and removed through some twenty of them, and
/// <see cref="File"/>'s streams add a stat, a lock, a seek and a truncation to each (about 90 calls per execution).
/// </summary>
internal static partial class KernelFiles
{
    private const int ReadOnly = 0, WriteOnly = 1, CloseOnExec = 0x80000;
    private const int EINTR = 4, ENOENT = 2, EACCES = 13, EPERM = 1, ENOTDIR = 20;

    /// <summary>The whole file as text; throws as <see cref="File.ReadAllText(string)"/> does (an <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>).</summary>
    public static string ReadAllText(string path)
    {
        var fd = Open(path, ReadOnly);
        try
        {
            Span<byte> first = stackalloc byte[4096];
            var length = ReadInto(fd, first, path);
            if (length < first.Length)
                return Encoding.UTF8.GetString(first[..length]);
            // Larger than a page (a long cgroup.procs): read on into a growing buffer.
            var buffer = ArrayPool<byte>.Shared.Rent(first.Length * 4);
            try
            {
                first.CopyTo(buffer);
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                    var read = ReadInto(fd, buffer.AsSpan(length), path);
                    if (read == 0)
                        return Encoding.UTF8.GetString(buffer, 0, length);
                    length += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        finally
        {
            _ = CloseNative(fd);
        }
    }

    /// <summary>Writes the text in one write (a cgroup control takes one value per write); throws as <see cref="File.WriteAllText(string, string)"/> does.</summary>
    public static unsafe void WriteAllText(string path, string value)
    {
        var fd = Open(path, WriteOnly);
        try
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            fixed (byte* data = bytes)
            {
                nint written;
                while ((written = WriteNative(fd, data, bytes.Length)) < 0 && Marshal.GetLastPInvokeError() == EINTR)
                {
                }
                if (written < 0)
                    throw Failure(Marshal.GetLastPInvokeError(), "write", path);
                if (written != bytes.Length)
                    throw new IOException($"write {path}: {written} of {bytes.Length} bytes written.");
            }
        }
        finally
        {
            _ = CloseNative(fd);
        }
    }

    /// <summary>Fills as much of the buffer as the file has, up to its end: the number of bytes read.</summary>
    private static unsafe int ReadInto(int fd, Span<byte> buffer, string path)
    {
        var total = 0;
        fixed (byte* start = buffer)
        {
            while (total < buffer.Length)
            {
                var read = ReadNative(fd, start + total, buffer.Length - total);
                if (read < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == EINTR)
                        continue;
                    throw Failure(errno, "read", path);
                }
                if (read == 0)
                    break;
                total += (int)read;
            }
        }
        return total;
    }

    private static int Open(string path, int flags)
    {
        int fd;
        while ((fd = OpenNative(path, flags | CloseOnExec)) < 0 && Marshal.GetLastPInvokeError() == EINTR)
        {
        }
        return fd >= 0 ? fd : throw Failure(Marshal.GetLastPInvokeError(), "open", path);
    }

    private static Exception Failure(int errno, string call, string path) => errno switch
    {
        ENOENT or ENOTDIR => new FileNotFoundException($"{call} {path}: no such file.", path),
        EACCES or EPERM => new UnauthorizedAccessException($"{call} {path}: permission denied (errno {errno})."),
        _ => new IOException($"{call} {path} failed: errno {errno}.", errno),
    };

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint ReadNative(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint WriteNative(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseNative(int fd);
}
